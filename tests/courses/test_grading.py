"""Scoring, in one place: every kind of question, partial and tampered answers, an attempt's
score and pass, and the same verdicts whether the answers come from the quiz page or a pack."""

import re
from http import HTTPStatus

import pytest
from django.db.models import Prefetch
from model_bakery import baker

from courses import grading
from courses.forms import AttemptForm
from courses.models import Answer, Attempt, Choice, Question, QuestionKind
from offline.options import option_keys
from offline.receiving import graded_responses
from tests.offline import test_packs as packs
from tests.offline.test_packs import code_for, submit

enrolled_client = packs.enrolled_client  # a fixture of the pack tests

TOKEN = re.compile(r'name="token" value="([^"]+)"')

# Each question's choices by label, in position order; the starred ones are correct.
QUESTIONS = {
    QuestionKind.SINGLE: ["A*", "B", "C"],
    QuestionKind.MULTIPLE: ["A*", "B*", "C"],
    QuestionKind.TRUE_FALSE: ["True*", "False"],
}


@pytest.fixture
def mixed_quiz(course):
    """A final quiz with one question of each kind, in the order of ``QUESTIONS``."""
    quiz = baker.make("courses.Quiz", course=course, slug="mixed", title="Mixed", pass_mark=60)
    for position, (kind, labels) in enumerate(QUESTIONS.items(), 1):
        question = baker.make(
            "courses.Question", quiz=quiz, position=position, kind=kind, prompt=f"{kind}?"
        )
        for number, label in enumerate(labels, 1):
            baker.make(
                "courses.Choice",
                question=question,
                position=number,
                text=f"{kind} {label.rstrip('*')}",
                is_correct=label.endswith("*"),
            )
    return quiz


def questions_of(quiz):
    """The quiz's questions in order, their choices prefetched in order, as the pages read them."""
    in_order = Prefetch("choices", queryset=Choice.objects.order_by("position"))
    return list(Question.objects.filter(quiz=quiz).order_by("position").prefetch_related(in_order))


def question_of(quiz, kind):
    return next(question for question in questions_of(quiz) if question.kind == kind)


def ids(question, *labels):
    """The ids of the question's choices with ``labels``, in the order given."""
    by_label = {choice.text.split(" ", 1)[1]: choice.pk for choice in question.choices.all()}
    return [by_label[label] for label in labels]


# Every kind of question


def test_grading_knows_how_many_choices_answer_every_kind_of_question():
    assert set(grading.CHOICES_IN_AN_ANSWER) == set(QuestionKind)
    assert {
        kind for kind in QuestionKind if grading.CHOICES_IN_AN_ANSWER[kind] == grading.SEVERAL
    } == {QuestionKind.MULTIPLE}


def test_the_correct_choices_are_those_marked_correct(mixed_quiz):
    multiple = question_of(mixed_quiz, QuestionKind.MULTIPLE)
    assert grading.correct_choice_ids(multiple) == set(ids(multiple, "A", "B"))
    true_false = question_of(mixed_quiz, QuestionKind.TRUE_FALSE)
    assert grading.correct_choice_ids(true_false) == set(ids(true_false, "True"))


VERDICTS = [
    (QuestionKind.SINGLE, ["A"], True),
    (QuestionKind.SINGLE, ["B"], False),
    (QuestionKind.SINGLE, ["A", "B"], False),
    (QuestionKind.SINGLE, [], False),
    (QuestionKind.MULTIPLE, ["A", "B"], True),
    (QuestionKind.MULTIPLE, ["B", "A"], True),
    (QuestionKind.MULTIPLE, ["A"], False),  # part of the correct choices
    (QuestionKind.MULTIPLE, ["B"], False),
    (QuestionKind.MULTIPLE, ["A", "B", "C"], False),  # every correct choice, and a wrong one
    (QuestionKind.MULTIPLE, ["A", "C"], False),
    (QuestionKind.MULTIPLE, ["C"], False),
    (QuestionKind.MULTIPLE, [], False),
    (QuestionKind.TRUE_FALSE, ["True"], True),
    (QuestionKind.TRUE_FALSE, ["False"], False),
    (QuestionKind.TRUE_FALSE, ["True", "False"], False),
    (QuestionKind.TRUE_FALSE, [], False),
]


@pytest.mark.parametrize(("kind", "labels", "right"), VERDICTS)
def test_an_answer_is_right_with_all_the_correct_choices_and_only_them(
    mixed_quiz, kind, labels, right
):
    question = question_of(mixed_quiz, kind)
    assert grading.is_right(question, ids(question, *labels)) is right
    graded = grading.grade(question, [Choice.objects.get(pk=pk) for pk in ids(question, *labels)])
    assert graded.is_correct is right
    assert question.is_answered_by(graded.choices) is right


def test_a_question_with_no_correct_choice_is_never_answered_right(mixed_quiz):
    question = question_of(mixed_quiz, QuestionKind.SINGLE)
    question.choices.update(is_correct=False)
    question = question_of(mixed_quiz, QuestionKind.SINGLE)
    assert grading.correct_choice_ids(question) == set()
    for labels in ([], ["A"], ["A", "B", "C"]):
        assert grading.is_right(question, ids(question, *labels)) is False


def test_a_one_choice_question_marked_with_two_correct_choices_is_never_answered_right(
    mixed_quiz,
):
    """Its page takes one choice, so one can never be all of the correct ones."""
    question = question_of(mixed_quiz, QuestionKind.SINGLE)
    question.choices.filter(position=2).update(is_correct=True)
    question = question_of(mixed_quiz, QuestionKind.SINGLE)
    for labels in (["A"], ["B"], ["A", "B"]):
        assert grading.is_right(question, ids(question, *labels)) is False


def test_choosing_a_correct_choice_twice_is_right_but_not_a_possible_answer(mixed_quiz):
    question = question_of(mixed_quiz, QuestionKind.MULTIPLE)
    twice = ids(question, "A", "A", "B")
    assert grading.is_right(question, twice) is True
    assert grading.is_possible_answer(question, twice) is False
    assert grading.is_possible_answer(question, ids(question, "A", "B")) is True


@pytest.mark.parametrize(
    ("kind", "labels", "possible"),
    [
        (QuestionKind.SINGLE, ["B"], True),
        (QuestionKind.SINGLE, ["A", "B"], False),
        (QuestionKind.SINGLE, [], False),
        (QuestionKind.MULTIPLE, ["A"], True),
        (QuestionKind.MULTIPLE, ["A", "B", "C"], True),
        (QuestionKind.MULTIPLE, [], False),
        (QuestionKind.TRUE_FALSE, ["False"], True),
        (QuestionKind.TRUE_FALSE, ["True", "False"], False),
    ],
)
def test_a_possible_answer_holds_as_many_choices_as_its_kind_allows(
    mixed_quiz, kind, labels, possible
):
    question = question_of(mixed_quiz, kind)
    assert grading.is_possible_answer(question, ids(question, *labels)) is possible


# Unknown and tampered choices


def tampered_ids(quiz, question):
    """What a tampered answer might send in place of the question's own choice ids."""
    other = next(q for q in questions_of(quiz) if q.pk != question.pk)
    correct = min(grading.correct_choice_ids(question))
    return {
        "another question's correct choice": [min(grading.correct_choice_ids(other))],
        "no such choice": [Choice.objects.order_by("-pk").first().pk + 1000],
        "a negative id": [-correct],
        "the id as text": [str(correct)],
        "the id as a float": [float(correct)],
        "true for 1": [True],
        "nothing": [None],
        "a list": [[correct]],
        "a dict": [{"id": correct}],
    }


@pytest.mark.parametrize("kind", list(QuestionKind))
def test_tampered_choice_ids_are_wrong_and_refused_never_an_error(mixed_quiz, kind):
    question = question_of(mixed_quiz, kind)
    for name, chosen in tampered_ids(mixed_quiz, question).items():
        assert grading.is_right(question, chosen) is False, name
        assert grading.is_possible_answer(question, chosen) is False, name
        # With the right answer alongside, a tampered id still makes it wrong.
        correct = sorted(grading.correct_choice_ids(question))
        assert grading.is_right(question, [*correct, *chosen]) is False, name
        assert grading.is_possible_answer(question, [*correct, *chosen]) is False, name


def test_scoring_a_prefetched_question_asks_the_database_nothing(
    mixed_quiz, django_assert_num_queries
):
    questions = questions_of(mixed_quiz)
    with django_assert_num_queries(0):
        for question in questions:
            chosen = list(question.choices.all())[:1]
            grading.grade(question, chosen)
            grading.is_possible_answer(question, [choice.pk for choice in chosen])


# An attempt's score and pass


def answers(*verdicts):
    return [grading.GradedAnswer(None, [], right) for right in verdicts]


@pytest.mark.parametrize(
    ("verdicts", "pass_mark", "expected"),
    [
        ((True, True, False), 60, grading.Score(correct=2, total=3, percent=67, passed=True)),
        ((True, True, False), 67, grading.Score(correct=2, total=3, percent=67, passed=True)),
        ((True, True, False), 68, grading.Score(correct=2, total=3, percent=67, passed=False)),
        ((True, False, False), 33, grading.Score(correct=1, total=3, percent=33, passed=True)),
        ((False, False), 1, grading.Score(correct=0, total=2, percent=0, passed=False)),
        ((True,), 100, grading.Score(correct=1, total=1, percent=100, passed=True)),
        # 12.5 rounds half to even, as the stored scores always have.
        ((True, *[False] * 7), 13, grading.Score(correct=1, total=8, percent=12, passed=False)),
        ((), 1, grading.Score(correct=0, total=0, percent=0, passed=False)),
    ],
)
def test_an_attempt_scores_its_share_of_right_answers_against_the_pass_mark(
    verdicts, pass_mark, expected
):
    assert grading.score_attempt(answers(*verdicts), pass_mark=pass_mark) == expected


# The quiz page and a pack score the same answers alike


def key_of(question, label):
    """The pack's key for the question's choice labelled ``label``."""
    return next(
        key for key, choice in option_keys(question).items() if choice.pk in ids(question, label)
    )


def page_value(question, labels):
    """What the quiz page sends for ``labels``: the numbers it shows the options by."""
    order = [choice.pk for choice in question.choices.all()]
    numbers = [str(order.index(pk) + 1) for pk in ids(question, *labels)]
    return numbers if grading.takes_several(question) else numbers[0]


def pack_responses(questions, picks):
    """What a pack's code holds for ``picks``: option keys by question position."""
    return {
        str(question.position): [key_of(question, label) for label in labels]
        for question, labels in zip(questions, picks, strict=True)
    }


def pack_attempt(attempt_id, responses):
    return {"q": "mixed", "i": attempt_id, "r": responses}


def verdicts(graded):
    return [
        (question.pk, sorted(choice.pk for choice in chosen), right)
        for question, chosen, right in graded
    ]


# One pick for each question (single, multiple, true/false): all right, a partial selection,
# all wrong, every option, and a mix.
PICKS = [
    (["A"], ["A", "B"], ["True"]),
    (["A"], ["A"], ["True"]),
    (["B"], ["B", "C"], ["False"]),
    (["C"], ["A", "B", "C"], ["True"]),
    (["B"], ["C"], ["False"]),
]


@pytest.mark.parametrize("picks", PICKS)
def test_the_quiz_page_and_a_pack_grade_the_same_picks_alike(mixed_quiz, picks):
    questions = questions_of(mixed_quiz)
    data = {"token": "t"}
    for question, labels in zip(questions, picks, strict=True):
        data[AttemptForm.field_name(question)] = page_value(question, labels)
    form = AttemptForm(data, quiz=mixed_quiz, questions=questions, token="t", nonce="n")
    assert form.is_valid(), form.errors
    online = form.graded_answers()
    offline = graded_responses(mixed_quiz, pack_responses(questions, picks))
    assert verdicts(online) == verdicts(offline)
    assert [len(labels) for labels in picks] == [len(chosen) for _q, chosen, _r in offline]
    assert grading.score_attempt(online, pass_mark=60) == grading.score_attempt(
        offline, pass_mark=60
    )


def stored(attempt):
    """An attempt as stored: its figures and, question by question, its answer."""
    answers = [
        (answer.question_id, sorted(answer.choices.values_list("pk", flat=True)), answer.is_correct)
        for answer in Answer.objects.filter(attempt=attempt).order_by("question__position")
    ]
    return (attempt.correct_count, attempt.question_count, attempt.score, attempt.passed, answers)


def test_the_quiz_page_and_a_submitted_pack_store_the_same_attempts(enrolled_client, mixed_quiz):
    questions = questions_of(mixed_quiz)
    scores = []
    for index, picks in enumerate(PICKS):
        page = enrolled_client.get(mixed_quiz.get_absolute_url()).content.decode()
        data = {"token": TOKEN.search(page).group(1)}
        for question, labels in zip(questions, picks, strict=True):
            data[AttemptForm.field_name(question)] = page_value(question, labels)
        response = enrolled_client.post(mixed_quiz.get_absolute_url(), data)
        assert response.status_code == HTTPStatus.FOUND
        online = Attempt.objects.latest("pk")
        code = code_for(
            mixed_quiz.course,
            attempts=[pack_attempt(f"{index}" * 20, pack_responses(questions, picks))],
        )
        assert submit(enrolled_client, code).status_code == HTTPStatus.FOUND
        offline = Attempt.objects.latest("pk")
        assert offline.token.startswith("offline-") and offline.pk != online.pk
        assert stored(online) == stored(offline)
        expected = grading.score_attempt(
            graded_responses(mixed_quiz, pack_responses(questions, picks)), pass_mark=60
        )
        assert (online.correct_count, online.score, online.passed) == (
            expected.correct,
            expected.percent,
            expected.passed,
        )
        scores.append((online.score, online.passed))
    assert scores == [(100, True), (67, True), (0, False), (33, False), (0, False)]


def test_a_pack_naming_another_questions_option_is_refused_not_scored(enrolled_client, mixed_quiz):
    single, multiple, true_false = questions_of(mixed_quiz)
    responses = {
        "1": [key_of(multiple, "C")],  # an option of question 2, sent for question 1
        "2": [key_of(multiple, "A"), key_of(multiple, "B")],
        "3": [key_of(true_false, "True")],
    }
    assert key_of(multiple, "C") not in option_keys(single)
    assert graded_responses(mixed_quiz, responses) is None
    code = code_for(mixed_quiz.course, attempts=[pack_attempt("x" * 20, responses)])
    response = submit(enrolled_client, code)
    assert response.status_code == HTTPStatus.OK
    assert "do not fit the quiz as it is now" in response.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("value", ["4", "0", "-1", "one", ""])
def test_the_quiz_page_refuses_an_option_it_did_not_show(enrolled_client, mixed_quiz, value):
    page = enrolled_client.get(mixed_quiz.get_absolute_url()).content.decode()
    single, multiple, true_false = questions_of(mixed_quiz)
    data = {
        "token": TOKEN.search(page).group(1),
        AttemptForm.field_name(single): value,  # three options, numbered 1 to 3
        AttemptForm.field_name(multiple): ["1", "2"],
        AttemptForm.field_name(true_false): "1",
    }
    response = enrolled_client.post(mixed_quiz.get_absolute_url(), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Attempt.objects.exists()
