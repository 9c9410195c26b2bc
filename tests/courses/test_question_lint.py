"""The question-bank lint: a synthetic bank that keeps every rule passes, and each rule broken
on its own is reported."""

from dataclasses import replace

import pytest

from courses.question_lint import (
    BankFacts,
    ChoiceFacts,
    QuestionFacts,
    bank_from_fixture_items,
    check_bank,
    check_question,
    is_situational,
)

COURSE = "course-a"
LESSONS = [(COURSE, "lesson-1"), (COURSE, "lesson-2")]
OBJECTIVES = [(COURSE, lesson, position) for _, lesson in LESSONS for position in (1, 2)]
SITUATION = (
    "You lead a convoy team at a checkpoint held by an armed group. The commander offers to "
    "let the trucks through if your organisation carries his men's families to the capital, "
    "and your driver urges you to accept before night falls on the road."
)
PROMPT = "What should you do, and which principle is at stake?"


def choice(position, text, correct=False, feedback="Because of what the lesson showed."):
    return ChoiceFacts(position=position, text=text, is_correct=correct, feedback=feedback)


def single(number, correct_at, *, situational=True):
    texts = [
        "Refuse the deal and explain the principle",
        "Accept the deal to save time tonight",
        "Ask headquarters and wait for an answer",
        "Turn the convoy back without a word",
    ]
    return QuestionFacts(
        course=COURSE,
        quiz="check",
        position=number,
        kind="single",
        prompt=PROMPT if situational else "Which statement describes neutrality?",
        situation=SITUATION if situational else "",
        objective=OBJECTIVES[number % len(OBJECTIVES)],
        choices=tuple(
            choice(position, text, position == correct_at) for position, text in enumerate(texts, 1)
        ),
    )


def multiple(number, correct):
    return QuestionFacts(
        course=COURSE,
        quiz="check",
        position=number,
        kind="multiple",
        prompt="Which risks should you raise? Select all that apply.",
        situation=SITUATION,
        objective=OBJECTIVES[number % len(OBJECTIVES)],
        choices=tuple(
            choice(position, f"A plausible risk number {position} here", position in correct)
            for position in range(1, 5)
        ),
    )


def true_false(number, answer, statement="A party may not refuse consent arbitrarily."):
    return QuestionFacts(
        course=COURSE,
        quiz="final",
        position=number,
        kind="true_false",
        prompt=statement,
        objective=OBJECTIVES[number % len(OBJECTIVES)],
        choices=(choice(1, "True", answer), choice(2, "False", not answer)),
    )


def good_bank():
    questions = [
        *(single(n, correct_at=(n - 1) % 4 + 1) for n in range(1, 9)),
        multiple(9, {2}),
        multiple(10, {1, 3}),
        multiple(11, {2, 4}),
        true_false(12, True),
        true_false(13, False),
    ]
    return BankFacts(questions=questions, lessons=list(LESSONS), objectives=list(OBJECTIVES))


def with_question(bank, index, question):
    questions = list(bank.questions)
    questions[index] = question
    return replace(bank, questions=questions)


def test_a_bank_that_keeps_every_rule_passes():
    assert check_bank(good_bank()) == []


# Rule 1: objectives


def test_a_lesson_with_one_objective_is_reported():
    bank = good_bank()
    bank.objectives.append((COURSE, "lesson-3", 1))
    bank.lessons.append((COURSE, "lesson-3"))
    warnings = check_bank(bank)
    assert any("“lesson-3”" in w and "has 1 objectives" in w for w in warnings)
    assert any("Objective 1 of lesson “lesson-3”" in w and "no question" in w for w in warnings)


def test_a_lesson_with_five_objectives_is_reported():
    bank = good_bank()
    bank.objectives.extend((COURSE, "lesson-1", p) for p in (3, 4, 5))
    assert any("“lesson-1”" in w and "has 5 objectives" in w for w in check_bank(bank))


def test_a_question_without_objective_or_with_another_courses_is_reported():
    question = single(1, 1)
    assert check_question(question) == []
    assert "assesses no objective" in check_question(replace(question, objective=None))[0]
    foreign = replace(question, objective=("course-b", "lesson-1", 1))
    assert "another course" in check_question(foreign)[0]


def test_an_objective_no_question_assesses_is_reported():
    bank = good_bank()
    questions = [replace(q, objective=OBJECTIVES[0]) for q in bank.questions]
    warnings = check_bank(replace(bank, questions=questions))
    assert sum("assessed by no question" in w for w in warnings) == 3


# Rule 2: situational questions


def test_a_situation_of_fewer_than_25_words_is_not_situational():
    question = single(1, 1)
    assert is_situational(question)
    short = " ".join(SITUATION.split()[:24])
    assert not is_situational(replace(question, situation=short))
    assert not is_situational(replace(question, prompt="Which convention applies here?"))


def test_too_few_situational_questions_are_reported_for_the_bank_and_the_course():
    bank = good_bank()
    questions = [
        replace(q, situation="") if index < 10 else q for index, q in enumerate(bank.questions)
    ]
    warnings = check_bank(replace(bank, questions=questions))
    situational = [w for w in warnings if "situational" in w]
    assert len(situational) == 2
    assert "the whole bank, 8%" in situational[0]
    assert "course “course-a”" in situational[1]


# Rule 3: feedback


def test_a_choice_without_feedback_is_reported():
    question = single(1, 1)
    choices = (replace(question.choices[0], feedback=" "), *question.choices[1:])
    warnings = check_question(replace(question, choices=choices))
    assert warnings == [
        "Choice 1 has no feedback: say why it is right, or which misconception makes it wrong."
    ]


# Rule 4: no "according to", no "the source"


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("prompt", "According to the source, what should you do?"),
        ("situation", SITUATION + " According to NRC, this is common."),
    ],
)
def test_according_to_is_reported_in_prompt_and_situation(part, text):
    warnings = check_question(replace(single(1, 1), **{part: text}))
    assert any(f"The {part} says “according to”" in w for w in warnings)


def test_references_to_the_source_are_reported_in_choices_and_feedback():
    question = single(1, 1)
    choices = (
        replace(question.choices[0], text="What the course says about neutrality here"),
        replace(question.choices[1], feedback="Wrong: the explainer says otherwise."),
        *question.choices[2:],
    )
    warnings = check_question(replace(question, choices=choices))
    assert any("choice 1 refers to “the course says”" in w for w in warnings)
    assert any("feedback of choice 2 refers to “the explainer”" in w for w in warnings)


def test_source_phrases_are_whole_words():
    question = replace(single(1, 1), prompt="What should you do about the sourcebook?")
    assert check_question(question) == []


# Rule 5: single choice


def test_single_choice_needs_one_correct_and_three_to_five_choices():
    question = single(1, 1)
    two_right = replace(question, choices=(replace(question.choices[1], is_correct=True),))
    warnings = check_question(two_right)
    assert any("needs 3 to 5 choices; it has 1" in w for w in warnings)
    both = (
        question.choices[0],
        replace(question.choices[1], is_correct=True),
        *question.choices[2:],
    )
    assert any(
        "exactly one correct choice; it has 2" in w
        for w in check_question(replace(question, choices=both))
    )


def test_correct_choice_longest_too_often_is_reported():
    bank = good_bank()
    questions = []
    for q in bank.questions:
        if q.kind == "single":
            q = replace(
                q,
                choices=tuple(
                    replace(c, text=c.text + " and much more besides") if c.is_correct else c
                    for c in q.choices
                ),
            )
        questions.append(q)
    warnings = check_bank(replace(bank, questions=questions))
    assert any(
        "100% of single-choice questions the correct choice is the longest" in w for w in warnings
    )


def test_correct_position_not_spread_is_reported():
    bank = good_bank()
    questions = [single(n, correct_at=1 if n < 5 else 2) for n in range(1, 9)]
    bank = replace(bank, questions=questions + bank.questions[8:])
    warnings = check_bank(bank)
    assert any("position 1 in 50%" in w for w in warnings)
    assert any("position 3 in 0%" in w for w in warnings)


# Rule 6: select all that apply


def test_multiple_needs_four_or_five_choices_and_a_wrong_one():
    question = multiple(1, {1, 2, 3, 4})
    warnings = check_question(question)
    assert any("4 correct of 4" in w for w in warnings)
    three = replace(multiple(1, {2}), choices=multiple(1, {2}).choices[:3])
    assert any("4 or 5 choices; it has 3" in w for w in check_question(three))


def test_correct_choices_stored_first_are_reported():
    warnings = check_question(multiple(1, {1, 2}))
    assert any("exactly the first ones stored" in w for w in warnings)
    assert check_question(multiple(1, {1, 3})) == []


def test_all_but_one_too_often_and_missing_counts_are_reported():
    bank = good_bank()
    questions = [q for q in bank.questions if q.kind != "multiple"] + [
        multiple(9, {2, 3, 4}),
        multiple(10, {1, 3, 4}),
    ]
    warnings = check_bank(replace(bank, questions=questions))
    assert any("100% of select-all-that-apply questions have all but one" in w for w in warnings)
    assert any("exactly 1 correct choice." in w for w in warnings)
    assert any("exactly 2 correct choices." in w for w in warnings)


# Rule 7: true or false


def test_true_false_needs_true_then_false():
    question = true_false(1, True)
    swapped = replace(question, choices=(choice(1, "False"), choice(2, "True", True)))
    assert any("“True” then “False”" in w for w in check_question(swapped))
    assert check_question(question) == []


def test_true_too_often_and_absolute_words_too_often_are_reported():
    bank = good_bank()
    questions = [q for q in bank.questions if q.kind != "true_false"] + [
        true_false(12, True, "Consent is always needed."),
        true_false(13, True, "Consent is needed."),
        true_false(14, True, "Consent is needed for All convoys."),
    ]
    warnings = check_bank(replace(bank, questions=questions))
    assert any("“True” is the answer to 100%" in w for w in warnings)
    assert any("67% of true-or-false statements use an absolute word" in w for w in warnings)


def test_absolute_words_are_whole_words():
    bank = good_bank()
    questions = [q for q in bank.questions if q.kind != "true_false"] + [
        true_false(12, True, "Allies may help."),
        true_false(13, False, "Everyone knows the law."),
    ]
    assert check_bank(replace(bank, questions=questions)) == []


# Rule 8: answers that say more than a name or a number


@pytest.mark.parametrize("text", ["1949", "12,5 %", "ICRC", "NGOs", "Geneva Conventions"])
def test_bare_numbers_acronyms_and_short_names_are_reported(text):
    question = single(1, 1)
    choices = (replace(question.choices[0], text=text), *question.choices[1:])
    warnings = check_question(replace(question, choices=choices))
    assert len(warnings) == 1
    assert warnings[0].startswith("Choice 1 ")


def test_true_false_choices_are_not_held_to_three_words():
    assert check_question(true_false(1, False)) == []


# Fixture items


def test_fixture_items_become_the_same_facts():
    items = [
        {"model": "courses.lesson", "fields": {"course": ["c"], "slug": "l", "position": 1}},
        {
            "model": "courses.objective",
            "fields": {"lesson": ["c", "l"], "position": 1, "text": "x"},
        },
        {
            "model": "courses.question",
            "fields": {
                "quiz": ["c", "q"],
                "position": 1,
                "kind": "true_false",
                "situation": "",
                "prompt": "A statement.",
                "objective": ["c", "l", 1],
                "explanation": "",
            },
        },
        {
            "model": "courses.choice",
            "fields": {
                "question": ["c", "q", 1],
                "position": 2,
                "text": "False",
                "is_correct": False,
                "feedback": "No.",
            },
        },
        {
            "model": "courses.choice",
            "fields": {
                "question": ["c", "q", 1],
                "position": 1,
                "text": "True",
                "is_correct": True,
                "feedback": "Yes.",
            },
        },
    ]
    bank = bank_from_fixture_items(items)
    assert bank.lessons == [("c", "l")]
    assert bank.objectives == [("c", "l", 1)]
    (question,) = bank.questions
    assert question.objective == ("c", "l", 1)
    assert [c.text for c in question.ordered_choices] == ["True", "False"]
    assert check_question(question) == []
