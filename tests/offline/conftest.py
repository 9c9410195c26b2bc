# The course fixtures these tests build on (a course, its quizzes, a signed-in trainee).
from tests.courses.conftest import final_quiz, quiz, trainee, trainee_client  # noqa: F401
