"""The staff report at a laptop's width and on a phone: the page stays put while the trainee
table scrolls sideways inside its own box, with the trainee column fixed; the report viewer
reaches it from the header."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from model_bakery import baker

from accounts.roles import STAFF_REPORT_VIEWERS
from core.models import Status
from courses import services
from courses.models import QuestionKind
from tests.e2e.pages import axe_violations, screenshot

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")

PAGE_OVERFLOW_JS = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def wide_course(transactional_db, live_server):
    """A published course of four lessons and eight quizzes (more columns than 1366 px hold),
    with six trainees at different stages."""
    course = baker.make(
        "courses.Course",
        title="Negotiating humanitarian access",
        slug="negotiating-access",
        summary="A course with many checks.",
        description="Lessons and checks.",
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    lessons = [
        baker.make(
            "courses.Lesson",
            course=course,
            position=position,
            slug=f"lesson-{position}",
            title=f"Lesson {position}",
            body="Text.",
        )
        for position in range(1, 5)
    ]
    quizzes = []
    for number in range(1, 9):
        quiz = baker.make(
            "courses.Quiz",
            course=course,
            slug=f"check-{number}",
            title=f"Check {number}: access, consent and red lines",
            after_lesson=lessons[(number - 1) // 2] if number < 8 else None,
        )
        question = baker.make(
            "courses.Question", quiz=quiz, position=1, kind=QuestionKind.SINGLE, prompt="Which?"
        )
        baker.make("courses.Choice", question=question, position=1, text="Right", is_correct=True)
        baker.make("courses.Choice", question=question, position=2, text="Wrong")
        quiz.course = course
        quizzes.append(quiz)
    for index, name in enumerate(
        ["Amina Field", "Bruno Keller", "Chen Li", "Dara Moss", "Esi", "Farid"]
    ):
        user = baker.make("accounts.User", username=f"trainee{index}", display_name=name)
        services.enroll(user=user, course=course)
        for quiz in quizzes[: index + 2]:
            question = quiz.questions.get()
            right = (index + quiz.pk) % 3 != 0
            choice = question.choices.get(is_correct=right)
            services.submit_attempt(
                user=user,
                quiz=quiz,
                token=f"{user.username}-{quiz.slug}",
                graded_answers=[(question, [choice], right)],
            )
    return course


@pytest.fixture
def viewer(make_user):
    """A report viewer, neither staff nor enrolled. The group comes from a migration, which a
    flushed live-server database no longer has."""
    group, _ = Group.objects.get_or_create(name=STAFF_REPORT_VIEWERS)
    group.permissions.add(Permission.objects.get(codename="view_staff_reports"))
    user = make_user("lead", display_name="Team Lead")
    user.groups.add(group)
    return user


@VIEWPORTS
def test_the_report_fits_the_screen_with_the_table_scrolling_in_its_own_box(
    log_in_as, viewer, wide_course, viewport
):
    page = log_in_as(viewer, viewport=viewport)
    page.goto("/")
    if viewport is PHONE:
        page.locator(".menu summary").click()  # the header's links sit behind "Menu" there
    page.locator(".account-nav").get_by_role("link", name="Reports").click()
    page.get_by_role("link", name=wide_course.title).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Staff report")
    screenshot(page, "staff-report")

    assert page.evaluate(PAGE_OVERFLOW_JS) == 0
    box = page.get_by_role("region", name="Trainees")
    sizes = box.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] > sizes[1], "the table should be wider than its box"

    trainee = page.locator(".trainee-table tbody tr").first.locator("th")
    progress = page.locator(".trainee-table tbody tr").first.locator("td").nth(2)
    before = (trainee.bounding_box()["x"], progress.bounding_box()["x"])
    box.evaluate("(box) => { box.scrollLeft = 300; }")
    after = (trainee.bounding_box()["x"], progress.bounding_box()["x"])
    assert after[0] == pytest.approx(before[0], abs=1), "the trainee column should stay put"
    assert after[1] == pytest.approx(before[1] - 300, abs=1)
    assert page.evaluate(PAGE_OVERFLOW_JS) == 0

    box.evaluate("(box) => { box.scrollLeft = 0; }")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.trainee-scroll').scrollLeft > 0", timeout=2000
    )

    assert axe_violations(page, impacts=ALL_IMPACTS) == []


@VIEWPORTS
def test_a_sorted_report_and_the_reports_list_have_no_axe_violations(
    log_in_as, viewer, wide_course, viewport
):
    page = log_in_as(viewer, viewport=viewport)
    page.goto("/reports/")
    screenshot(page, "staff-reports")
    assert page.evaluate(PAGE_OVERFLOW_JS) == 0
    assert axe_violations(page, impacts=ALL_IMPACTS) == []
    page.goto(f"/courses/{wide_course.slug}/report/")
    page.locator(".trainee-table thead").get_by_role("link", name="Progress").click()
    page.locator(".trainee-table thead").get_by_role("link", name="Progress").click()
    assert page.url.endswith("?sort=-progress")
    sorted_heading = page.locator(".trainee-table th[aria-sort]")
    assert sorted_heading.get_attribute("aria-sort") == "descending"
    screenshot(page, "staff-report-sorted")
    assert page.evaluate(PAGE_OVERFLOW_JS) == 0
    assert axe_violations(page, impacts=ALL_IMPACTS) == []
