"""The report viewer's way in (header link, reports list, dashboard) and the trainee table of
the staff report: sorting in the database, totals and averages, last activity, outline order."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from accounts.models import User
from accounts.roles import STAFF_REPORT_VIEWERS
from core.models import Status
from courses import services
from courses.models import Enrollment
from tests.courses.builders import add_quiz


@pytest.fixture
def viewer(db):
    """A report viewer who is neither staff nor enrolled anywhere."""
    user = baker.make("accounts.User", username="lead", display_name="Team Lead")
    user.groups.add(Group.objects.get(name=STAFF_REPORT_VIEWERS))
    return user


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def quizzes(course):
    """Three quizzes whose slugs sort against the outline: the final one first by slug."""
    first, second = course.lessons.order_by("position")
    return {
        "final": add_quiz(course, "a-final", after_lesson=None),
        "one": add_quiz(course, "z-after-one", after_lesson=first),
        "two": add_quiz(course, "m-after-two", after_lesson=second),
    }


def take(user, quiz, course, *, right, token):
    """An attempt with ``right`` of the quiz's two questions answered right."""
    quiz.course = course
    graded = []
    for number, question in enumerate(quiz.questions.order_by("position")):
        is_right = number < right
        choice = question.choices.get(is_correct=is_right)
        graded.append((question, [choice], is_right))
    services.submit_attempt(user=user, quiz=quiz, token=token, graded_answers=graded)


def done(user, course, *positions):
    for position in positions:
        lesson = course.lessons.get(position=position)
        lesson.course = course
        services.complete_lesson(user=user, lesson=lesson)


ACTIVITY = {
    "amina": datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
    "bruno": datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
    "lchen": datetime(2026, 2, 20, 9, 0, tzinfo=UTC),
    "dara": datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
}


@pytest.fixture
def trainees(course, quizzes):
    """Four trainees, five steps each (two lessons, three quizzes):

    ========  ================  =======  ========  ========  =========  =======  ========
    username  shown name        lessons  passed    progress  after one  after 2  final
    ========  ================  =======  ========  ========  =========  =======  ========
    amina     Amina K.          1        1         40%       100        –        –
    bruno     bruno             0        0         0%        –          –        –
    lchen     Chen L.           2        3         100%      100        100      100
    dara      Dara M.           2        1         60%       50         –        100
    ========  ================  =======  ========  ========  =========  =======  ========
    """
    people = {
        "amina": baker.make("accounts.User", username="amina", display_name="Amina K."),
        "bruno": baker.make("accounts.User", username="bruno", display_name=""),
        "lchen": baker.make("accounts.User", username="lchen", display_name="Chen L."),
        "dara": baker.make("accounts.User", username="dara", display_name="Dara M."),
    }
    for user in people.values():
        services.enroll(user=user, course=course)
    done(people["amina"], course, 1)
    take(people["amina"], quizzes["one"], course, right=2, token="amina-one")
    done(people["lchen"], course, 1, 2)
    for name in ("one", "two", "final"):
        take(people["lchen"], quizzes[name], course, right=2, token=f"lchen-{name}")
    done(people["dara"], course, 1, 2)
    take(people["dara"], quizzes["one"], course, right=1, token="dara-one")
    take(people["dara"], quizzes["final"], course, right=2, token="dara-final")
    for username, when in ACTIVITY.items():
        Enrollment.objects.filter(user__username=username).update(last_activity_at=when)
    return people


ROW_USERNAME = re.compile(r'<th scope="row">[^<]*<span class="muted">\(([^)]+)\)</span>')


def report(client, course, **params):
    response = client.get(reverse("courses:course_report", args=[course.slug]), params)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def row_order(html):
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return ROW_USERNAME.findall(table)


# The header and the ways in


def test_the_header_links_the_reports_only_for_a_report_viewer(client, viewer, trainee):
    """Each kind of visitor comes first once, so a header cached for the one cannot be served
    to the other."""
    link = f'href="{reverse("courses:report_list")}"'
    client.force_login(trainee)
    assert link not in client.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(trainee)
    assert link not in client.get(reverse("home")).content.decode()
    client.logout()
    assert link not in client.get(reverse("home")).content.decode()


def test_a_change_of_role_shows_in_the_header_at_once(client, trainee):
    """The roles the header reads are kept, and dropped when groups or permissions change."""
    link = f'href="{reverse("courses:report_list")}"'
    viewers = Group.objects.get(name=STAFF_REPORT_VIEWERS)
    client.force_login(trainee)
    assert link not in client.get(reverse("home")).content.decode()
    trainee.groups.add(viewers)
    assert link in client.get(reverse("home")).content.decode()
    permission = viewers.permissions.get()
    viewers.permissions.remove(permission)
    assert link not in client.get(reverse("home")).content.decode()
    trainee.user_permissions.add(permission)
    assert link in client.get(reverse("home")).content.decode()


def test_a_role_granted_behind_the_signals_shows_at_once(client, trainee_factory):
    """Nothing about roles is kept between requests, so a grant made elsewhere (another worker,
    a script writing the table directly) shows on the next page."""
    user = trainee_factory("late-viewer")
    client.force_login(user)
    assert (
        reverse("courses:report_list")
        not in client.get(reverse("courses:dashboard")).content.decode()
    )
    viewers = Group.objects.get(name=STAFF_REPORT_VIEWERS)
    User.groups.through.objects.bulk_create([User.groups.through(user=user, group=viewers)])
    assert (
        reverse("courses:report_list") in client.get(reverse("courses:dashboard")).content.decode()
    )


def test_staff_without_the_permission_get_no_reports_link(client, staff_user):
    client.force_login(staff_user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert reverse("courses:report_list") not in html


def test_the_dashboard_of_a_report_viewer_who_is_not_enrolled_links_the_reports(viewer_client):
    html = viewer_client.get(reverse("courses:dashboard")).content.decode()
    main = html.split('<main id="content"', 1)[1]
    assert f'href="{reverse("courses:report_list")}"' in main


def test_the_dashboard_of_a_trainee_has_no_reports_link(trainee_client):
    html = trainee_client.get(reverse("courses:dashboard")).content.decode()
    assert reverse("courses:report_list") not in html


def test_the_reports_list_is_for_report_viewers_only(trainee_client):
    response = trainee_client.get(reverse("courses:report_list"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_reports_list_shows_visible_courses_with_their_counts(viewer_client, course, trainees):
    draft = baker.make("courses.Course", title="Unpublished", slug="draft", status=Status.DRAFT)
    later = baker.make(
        "courses.Course",
        title="Scheduled",
        slug="later",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=3),
    )
    response = viewer_client.get(reverse("courses:report_list"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'href="{reverse("courses:course_report", args=[course.slug])}"' in html
    assert "4 enrolled" in html
    assert "1 complete" in html
    for hidden in (draft, later):
        assert reverse("courses:course_report", args=[hidden.slug]) not in html


def test_staff_report_viewers_see_draft_courses_listed(client, viewer, course):
    viewer.is_staff = True
    viewer.save()
    baker.make("courses.Course", title="Unpublished", slug="draft", status=Status.DRAFT)
    client.force_login(viewer)
    html = client.get(reverse("courses:report_list")).content.decode()
    assert reverse("courses:course_report", args=["draft"]) in html
    assert "Draft" in html


def test_the_reports_list_costs_the_same_queries_for_more_courses_and_trainees(
    viewer_client, course, trainees, django_assert_max_num_queries
):
    viewer_client.get(reverse("courses:report_list"))
    with django_assert_max_num_queries(7) as few:
        viewer_client.get(reverse("courses:report_list"))
    budget = len(few.captured_queries)
    for number in range(5):
        other = baker.make(
            "courses.Course", slug=f"more-{number}", status=Status.PUBLISHED, title=f"More {number}"
        )
        for user in trainees.values():
            services.enroll(user=user, course=other)
    with django_assert_max_num_queries(budget):
        viewer_client.get(reverse("courses:report_list"))


# The trainee table


def test_quizzes_are_in_the_order_of_the_outline(viewer_client, course, quizzes, trainees):
    html = report(viewer_client, course)
    headers = re.findall(r"Best: (Quiz [a-z-]+)", html)
    assert headers == ["Quiz z-after-one", "Quiz m-after-two", "Quiz a-final"]


def test_each_row_shows_the_best_scores_in_outline_order(viewer_client, course, trainees):
    html = report(viewer_client, course)
    dara = html.split("(dara)", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td[^>]*>(\d+%|–)</td>", dara) == ["60%", "50%", "–", "100%", "–"]


def test_last_activity_is_shown(viewer_client, course, trainees):
    html = report(viewer_client, course)
    assert '<time datetime="2026-03-05">5 Mar 2026</time>' in html
    assert '<time datetime="2026-01-10">10 Jan 2026</time>' in html


# What each sort key orders by, ascending; ``None`` sorts last both ways.
SHOWN = {"amina": "amina k.", "bruno": "bruno", "lchen": "chen l.", "dara": "dara m."}
VALUES = {
    "trainee": SHOWN,
    "lessons": {"amina": 1, "bruno": 0, "lchen": 2, "dara": 2},
    "quizzes": {"amina": 1, "bruno": 0, "lchen": 3, "dara": 1},
    "progress": {"amina": 40, "bruno": 0, "lchen": 100, "dara": 60},
    "quiz-z-after-one": {"amina": 100, "bruno": None, "lchen": 100, "dara": 50},
    "quiz-m-after-two": {"amina": None, "bruno": None, "lchen": 100, "dara": None},
    "quiz-a-final": {"amina": None, "bruno": None, "lchen": 100, "dara": 100},
    "activity": ACTIVITY,
    "completed": {"amina": None, "bruno": None, "lchen": 1, "dara": None},
}


def expected_order(key, descending):
    """Usernames in the order the table should list them: ties by username, blanks last."""
    values = VALUES[key]
    known = [name for name in sorted(values) if values[name] is not None]
    blank = [name for name in sorted(values) if values[name] is None]
    return sorted(known, key=values.get, reverse=descending) + blank  # a stable sort


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", VALUES)
def test_sorting_by_each_column(viewer_client, course, trainees, key, descending):
    sort = f"-{key}" if descending else key
    html = report(viewer_client, course, sort=sort)
    assert row_order(html) == expected_order(key, descending)
    sorted_header = re.findall(r'<th scope="col"[^>]* aria-sort="([a-z]+)"', html)
    assert sorted_header == ["descending" if descending else "ascending"]


def test_a_sorted_header_links_the_other_direction(viewer_client, course, trainees):
    html = report(viewer_client, course, sort="progress")
    assert 'href="?sort=-progress"' in html
    html = report(viewer_client, course, sort="-progress")
    assert 'href="?sort=progress"' in html


def test_by_default_the_table_is_sorted_by_trainee(viewer_client, course, trainees):
    html = report(viewer_client, course)
    assert row_order(html) == expected_order("trainee", False)
    assert re.search(
        r'<th scope="col"[^>]*aria-sort="ascending"[^>]*><a href="\?sort=-trainee"', html
    )


@pytest.mark.parametrize(
    "sort", ["nonsense", "-", "--progress", "user__password", "quiz-no-such-quiz", "x" * 5000]
)
def test_a_bad_sort_is_ignored(viewer_client, course, trainees, sort):
    html = report(viewer_client, course, sort=sort)
    assert row_order(html) == expected_order("trainee", False)


def test_pages_keep_the_sort(viewer_client, course, trainees):
    for number in range(60):
        services.enroll(user=baker.make("accounts.User", username=f"zz{number:02}"), course=course)
    html = report(viewer_client, course, sort="-progress")
    assert 'href="?sort=-progress&amp;page=2"' in html
    second = report(viewer_client, course, sort="-progress", page=2)
    assert len(row_order(second)) == 14


def test_the_footer_has_totals_and_averages(viewer_client, course, trainees):
    html = report(viewer_client, course)
    footer = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "4 trainees" in footer
    assert "average 50%" in footer  # (40 + 0 + 100 + 60) / 4
    # Best scores averaged over those who took the quiz, in outline order.
    assert re.findall(r"average (\d+)%", footer) == ["50", "83", "100", "100"]
    assert "1 complete" in footer


def test_an_empty_course_has_a_footer_without_averages(viewer_client, course, quizzes):
    html = report(viewer_client, course)
    footer = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "0 trainees" in footer
    assert "average" not in footer
    assert "No one is enrolled yet." in html


def test_the_report_costs_the_same_queries_for_more_trainees(
    viewer_client, course, trainees, quizzes, django_assert_max_num_queries
):
    url = reverse("courses:course_report", args=[course.slug])
    viewer_client.get(url, {"sort": "-quiz-a-final"})
    with django_assert_max_num_queries(14) as few:
        viewer_client.get(url, {"sort": "-quiz-a-final"})
    budget = len(few.captured_queries)
    for number in range(8):
        user = baker.make("accounts.User", username=f"more{number}")
        done(user, course, 1, 2)
        take(user, quizzes["final"], course, right=number % 3, token=f"more-{number}")
    with django_assert_max_num_queries(budget):
        viewer_client.get(url, {"sort": "-quiz-a-final"})


# The trainees CSV


def test_the_trainees_csv_has_last_activity_and_outline_order(viewer_client, course, trainees):
    response = viewer_client.get(reverse("courses:course_report_csv", args=[course.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][5:] == [
        "best score: Quiz z-after-one",
        "best score: Quiz m-after-two",
        "best score: Quiz a-final",
        "last activity",
        "progress (%)",
        "completed",
    ]
    amina = next(row for row in rows if row[0] == "amina")
    assert amina[5:9] == ["100", "", "", "2026-03-05"]
