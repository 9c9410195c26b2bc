import random
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from courses import grading

ATTEMPT_SALT = "courses.attempt"


def new_attempt_token(*, quiz, user):
    """A signed token for one attempt form: it fixes the choice order and makes replays idle."""
    return signing.dumps(
        {"quiz": quiz.pk, "user": user.pk, "nonce": secrets.token_hex(16)}, salt=ATTEMPT_SALT
    )


def read_attempt_token(token, *, quiz, user, max_age=None):
    """The token's nonce, or None when the token is forged, altered, older than ``max_age``
    seconds (``settings.ATTEMPT_TOKEN_MAX_AGE`` unless given) or for another quiz or user.

    A token is good for one attempt: the attempt stores its nonce, which is unique.
    """
    if max_age is None:
        max_age = settings.ATTEMPT_TOKEN_MAX_AGE
    try:
        data = signing.loads(token, salt=ATTEMPT_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("quiz") != quiz.pk or data.get("user") != user.pk:
        return None
    nonce = data.get("nonce")
    return nonce if isinstance(nonce, str) else None


class AttemptForm(forms.Form):
    """The questions of a quiz. Options are numbered per question, never by choice id, so the
    page says nothing about which choice is which in the database, let alone which is right."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, quiz, questions, token, nonce, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        self.fields["token"].initial = token
        self.options = {}
        for question in questions:
            choices = list(question.choices.all())
            if quiz.shuffle_choices:
                random.Random(f"{nonce}:{question.pk}").shuffle(choices)  # noqa: S311
            self.options[question.pk] = (question, choices)
            numbered = [(str(number), choice.text) for number, choice in enumerate(choices, 1)]
            several = grading.takes_several(question)
            field_class, widget = (
                (forms.MultipleChoiceField, forms.CheckboxSelectMultiple)
                if several
                else (forms.ChoiceField, forms.RadioSelect)
            )
            self.fields[self.field_name(question)] = field_class(
                label=question.prompt,
                choices=numbered,
                widget=widget,
                help_text=_("Choose all that apply.") if several else "",
                error_messages={"required": _("Please answer this question.")},
            )

    @staticmethod
    def field_name(question):
        return f"question_{question.pk}"

    def graded_answers(self):
        """A :class:`courses.grading.GradedAnswer` for every question of a valid form."""
        graded = []
        for question, choices in self.options.values():
            picked = self.cleaned_data[self.field_name(question)]
            numbers = picked if isinstance(picked, list) else [picked]
            chosen = [choices[int(number) - 1] for number in numbers]
            graded.append(grading.grade(question, chosen))
        return graded
