"""Item analysis in the staff report: difficulty, discrimination, options chosen and flags,
from each trainee's first attempt, on the page and in the CSV."""

import csv
import io
import statistics
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from model_bakery import baker

from courses import services
from courses.models import QuestionKind
from courses.reports import item_analysis, point_biserial

# Ten trainees of ability 0 to 9; who gets each question right.
PATTERN = {
    1: lambda ability: ability >= 5,  # strong ones right, weak ones wrong
    2: lambda ability: True,  # everyone right
    3: lambda ability: ability < 3,  # inverted: weak ones right
    4: lambda ability: ability >= 2,
    5: lambda ability: ability >= 7,
}
TRAINEES = range(10)


def rest_scores(position):
    return [sum(PATTERN[p](a) for p in PATTERN if p != position) for a in TRAINEES]


def expected_discrimination(position):
    right = [int(PATTERN[position](a)) for a in TRAINEES]
    return statistics.correlation(right, rest_scores(position))


@pytest.fixture
def item_quiz(course):
    quiz = baker.make("courses.Quiz", course=course, slug="items", title="Items", after_lesson=None)
    for position in PATTERN:
        question = baker.make(
            "courses.Question",
            quiz=quiz,
            position=position,
            kind=QuestionKind.SINGLE,
            prompt=f"Prompt {position}?",
        )
        for number in (1, 2, 3):
            baker.make(
                "courses.Choice",
                question=question,
                position=number,
                text=f"Option {position}.{number}",
                is_correct=number == 1,
            )
    return quiz


def answer(trainee, quiz, token, right_for):
    graded = []
    for question in quiz.questions.order_by("position"):
        choices = list(question.choices.order_by("position"))
        is_right = right_for(question.position)
        # A wrong answer picks option 2 for an even-numbered trainee, option 3 for an odd one.
        chosen = choices[0] if is_right else choices[1 + int(trainee.username[-1]) % 2]
        graded.append((question, [chosen], is_right))
    services.submit_attempt(user=trainee, quiz=quiz, token=token, graded_answers=graded)


@pytest.fixture
def trainee_factory(db):
    """Trainees without a password: hashing one takes longer than this whole test."""

    def make(username):
        return baker.make("accounts.User", username=username, display_name=username.title())

    return make


@pytest.fixture
def attempts(item_quiz, trainee_factory):
    for ability in TRAINEES:
        trainee = trainee_factory(f"trainee{ability}")
        answer(trainee, item_quiz, f"first-{ability}", lambda p, a=ability: PATTERN[p](a))
        if ability < 5:  # a retake with everything right must not count
            answer(trainee, item_quiz, f"retake-{ability}", lambda p: True)
    return item_quiz


@pytest.fixture
def report_client(client, db, django_user_model):
    user = django_user_model.objects.create_user(username="lead", password="a-long-test-pass-7")
    user.user_permissions.add(Permission.objects.get(codename="view_staff_reports"))
    client.force_login(user)
    return client


def test_point_biserial_matches_pearson_on_the_rest_score():
    for position in (1, 3, 4, 5):
        right = [int(PATTERN[position](a)) for a in TRAINEES]
        totals = [r + s for r, s in zip(right, rest_scores(position), strict=True)]
        value = point_biserial(
            n=len(right),
            right=sum(right),
            total=sum(totals),
            total_squared=sum(t * t for t in totals),
            total_when_right=sum(t for t, r in zip(totals, right, strict=True) if r),
        )
        assert value == pytest.approx(expected_discrimination(position))


def test_figures_count_first_attempts_only(course, attempts):
    items = {item.question.position: item for item in item_analysis(course)}
    assert [items[p].answered for p in PATTERN] == [10] * 5
    assert [items[p].right for p in PATTERN] == [5, 10, 3, 8, 3]
    assert items[1].discrimination == pytest.approx(0.4082, abs=1e-4)
    assert items[3].discrimination == pytest.approx(-0.7447, abs=1e-4)
    assert items[5].discrimination == pytest.approx(0.5345, abs=1e-4)
    assert items[2].discrimination is None  # everyone right: nothing to correlate
    assert [option.chosen for option in items[1].options] == [5, 3, 2]
    assert [option.share for option in items[1].options] == [0.5, 0.3, 0.2]


def test_flags(course, attempts):
    items = {item.question.position: item for item in item_analysis(course)}
    assert [p for p in PATTERN if items[p].too_easy] == [2]
    assert [p for p in PATTERN if items[p].inverted] == [3]
    assert all(item.few_answers for item in items.values())  # 10 answers, fewer than 20


def test_many_answers_are_not_marked_few(course, item_quiz, trainee_factory):
    for number in range(20):
        trainee = trainee_factory(f"many{number}")
        answer(trainee, item_quiz, f"many-{number}", lambda p: True)
    assert not any(item.few_answers for item in item_analysis(course))


def test_the_report_page_shows_figures_flags_and_method(report_client, course, attempts):
    html = report_client.get(reverse("courses:course_report", args=[course.slug])).content.decode()
    assert "point-biserial correlation" in html
    assert "first attempt" in html
    rows = {
        position: html.split(f'id="item-{attempts.questions.get(position=position).pk}"')[1].split(
            "</tr>"
        )[0]
        for position in PATTERN
    }
    assert '<td class="answered">10</td>' in rows[1]
    assert '<td class="share-right">50%</td>' in rows[1]
    assert '<td class="discrimination">0.41</td>' in rows[1]
    assert "Option 1.1 <em>(correct)</em>: 5 (50%)" in rows[1]
    assert "Option 1.2: 3 (30%)" in rows[1]
    assert '<td class="discrimination">-0.74</td>' in rows[3]
    assert '<td class="discrimination">–</td>' in rows[2]
    assert "Almost everyone gets it right" in rows[2]
    assert "Almost everyone gets it right" not in rows[1]
    assert "Strong trainees miss it more than weak ones." in rows[3]
    assert "Strong trainees miss it more than weak ones." not in rows[1]
    assert all("Few answers: read with care." in row for row in rows.values())


def test_the_csv_has_one_row_per_question(report_client, course, attempts):
    response = report_client.get(reverse("courses:item_analysis_csv", args=[course.slug]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:9] == [
        "quiz",
        "question",
        "prompt",
        "answered (first attempts)",
        "right",
        "share right (%)",
        "discrimination (point-biserial, rest of quiz)",
        "flags",
        "correct options",
    ]
    assert header[9:] == ["option 1 chosen", "option 2 chosen", "option 3 chosen"]
    by_position = {int(row[1]): row for row in rows}
    assert by_position[1] == [
        "Items",
        "1",
        "Prompt 1?",
        "10",
        "5",
        "50",
        "0.41",
        "few answers: read with care",
        "1",
        "5",
        "3",
        "2",
    ]
    assert by_position[2][6] == ""
    assert by_position[2][7] == "almost everyone gets it right; few answers: read with care"
    assert by_position[3][6] == "-0.74"
    assert by_position[3][7] == (
        "strong trainees miss it more than weak ones; few answers: read with care"
    )


def test_the_csv_is_for_report_viewers_only(trainee_client, course):
    response = trainee_client.get(reverse("courses:item_analysis_csv", args=[course.slug]))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_csv_neutralises_formulas(report_client, course, item_quiz, attempts):
    item_quiz.questions.filter(position=1).update(prompt="=HYPERLINK(1)")
    response = report_client.get(reverse("courses:item_analysis_csv", args=[course.slug]))
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


def test_an_unanswered_course_shows_dashes(report_client, course, item_quiz):
    html = report_client.get(reverse("courses:course_report", args=[course.slug])).content.decode()
    assert '<td class="answered">0</td>' in html
    assert '<td class="share-right">–</td>' in html


def test_the_report_costs_a_pinned_number_of_queries(
    report_client, course, item_quiz, trainee_factory, django_assert_num_queries
):
    url = reverse("courses:course_report", args=[course.slug])
    for ability in range(3):
        trainee = trainee_factory(f"few{ability}")
        answer(trainee, item_quiz, f"few-{ability}", lambda p, a=ability: PATTERN[p](a))
    report_client.get(url)
    with django_assert_num_queries(QUERIES) as captured:
        report_client.get(url)
    for ability in range(3, 10):
        trainee = trainee_factory(f"more{ability}")
        answer(trainee, item_quiz, f"more-{ability}", lambda p, a=ability: PATTERN[p](a))
        answer(trainee, item_quiz, f"again-{ability}", lambda p: True)
    with django_assert_num_queries(len(captured.captured_queries)):
        report_client.get(url)


QUERIES = 14  # 9 for the trainees' table, its footer and hardest questions, 4 for the items,
# 1 for whether to offer the reports in the header
