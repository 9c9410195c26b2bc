"""How a pack names a question's options, so that a code can name the trainee's picks.

Options are named by an opaque key: a hash of the option's own text, which the pack shows
anyway. Keys and their order (by key when the quiz shuffles its choices, else by position) are
the same whichever choices are correct, so the pack is byte-identical either way.
"""

import hashlib

from django.db.models import Prefetch

from courses.models import Choice, Question


def questions_in_order():
    """A prefetch of a quiz's questions in order, each with its choices in order: what both the
    pack and the reading of its code need."""
    return Prefetch(
        "questions",
        queryset=Question.objects.order_by("position").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position"))
        ),
    )


def option_keys(question):
    """``{key: choice}`` for a question's choices. A key is made from the choice's text alone
    (a repeated text gets a counter), so it says nothing the pack does not show anyway."""
    keys, seen = {}, {}
    for choice in sorted(question.choices.all(), key=lambda choice: choice.position):
        n = seen[choice.text] = seen.get(choice.text, 0) + 1
        material = choice.text if n == 1 else f"{choice.text}\x1f{n}"
        keys[hashlib.sha256(material.encode()).hexdigest()[:8]] = choice
    return keys


def shown_options(question, *, shuffle):
    """``[(key, text)]`` in the order the pack shows them."""
    pairs = list(option_keys(question).items())
    if shuffle:
        pairs.sort(key=lambda pair: pair[0])
    return [(key, choice.text) for key, choice in pairs]


def input_name(quiz, question):
    return f"q-{quiz.slug}-{question.position}"
