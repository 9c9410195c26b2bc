"""The offline course pack, opened from disk with the network blocked, then submitted online."""

from playwright.sync_api import expect

from courses.models import Attempt, Choice
from courses.services import enroll


def test_pack_works_offline_and_its_answers_are_scored_once_online(
    log_in_as, new_context, make_user, short_course, tmp_path
):
    trainee = make_user("field-officer")
    enroll(user=trainee, course=short_course)
    online = log_in_as(trainee)
    download = online.request.get(f"/courses/{short_course.slug}/offline/download/")
    assert download.ok
    pack = tmp_path / "pack.html"
    pack.write_bytes(download.body())

    offline_context = new_context()
    offline_context.set_offline(True)
    offline = offline_context.new_page()
    requests = []
    offline.on("request", lambda request: requests.append(request.url))
    offline.goto(pack.as_uri())
    expect(offline.locator("h1")).to_contain_text(short_course.title)

    quiz = short_course.quizzes.get()
    right = set(
        Choice.objects.filter(question__quiz=quiz, is_correct=True).values_list("text", flat=True)
    )
    form = offline.locator("form.pack-quiz").first
    for label in form.locator("label").all():
        if label.inner_text().strip() in right:
            label.click()
    form.locator("button.pack-save").click()
    expect(form.locator(".quiz-status")).not_to_be_empty()
    offline.locator(".pack-lesson-done").first.check()
    offline.locator("#pack-copy").click()
    code = offline.locator("#pack-code").input_value()
    assert code
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []

    for _ in range(2):  # the second submission of the same offline attempt changes nothing
        online.goto(f"/learning/offline-answers/?code={code}")
        confirm = online.locator("#offline-confirm-button")
        if confirm.count():
            confirm.click()
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    assert attempt.score == 100
    online.goto(attempt.get_absolute_url())
    expect(online.locator(".score")).to_contain_text("100%")
