"""The facts the question-bank lint checks: plain records of questions, choices, lessons and
objectives, read from fixture items (as loaded from JSON) or from the database."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"


@dataclass(frozen=True)
class ChoiceFacts:
    position: int
    text: str
    is_correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuestionFacts:
    """A question as the lint sees it. ``objective`` is the natural key (course slug, lesson
    slug, position) of the objective it assesses, or None."""

    course: str
    quiz: str
    position: int
    kind: str
    prompt: str
    situation: str = ""
    objective: tuple | None = None
    choices: tuple[ChoiceFacts, ...] = ()

    @property
    def name(self):
        return _("Question %(position)s of quiz “%(quiz)s” (course “%(course)s”)") % {
            "position": self.position,
            "quiz": self.quiz,
            "course": self.course,
        }

    @property
    def ordered_choices(self):
        return sorted(self.choices, key=lambda choice: choice.position)

    @property
    def correct(self):
        return [choice for choice in self.ordered_choices if choice.is_correct]


@dataclass
class BankFacts:
    """Questions with the lessons and objectives of their courses.

    ``lessons`` holds (course slug, lesson slug) pairs; ``objectives`` the natural keys of the
    objectives (course slug, lesson slug, position).
    """

    questions: list[QuestionFacts] = field(default_factory=list)
    lessons: list[tuple] = field(default_factory=list)
    objectives: list[tuple] = field(default_factory=list)

    def courses(self):
        seen = [lesson[0] for lesson in self.lessons] + [q.course for q in self.questions]
        return list(dict.fromkeys(seen))

    def of_course(self, course):
        return BankFacts(
            questions=[q for q in self.questions if q.course == course],
            lessons=[lesson for lesson in self.lessons if lesson[0] == course],
            objectives=[o for o in self.objectives if o[0] == course],
        )


def bank_from_fixture_items(items):
    """The bank that fixture items (as loaded from JSON) describe."""
    questions, choices, lessons, objectives = {}, {}, [], []
    for item in items:
        model, fields = item["model"], item["fields"]
        if model == "courses.lesson":
            lessons.append((fields["course"][0], fields["slug"]))
        elif model == "courses.objective":
            objectives.append((*fields["lesson"], fields["position"]))
        elif model == "courses.question":
            questions[(*fields["quiz"], fields["position"])] = fields
        elif model == "courses.choice":
            choices.setdefault(tuple(fields["question"]), []).append(
                ChoiceFacts(
                    position=fields["position"],
                    text=fields["text"],
                    is_correct=fields.get("is_correct", False),
                    feedback=fields.get("feedback", ""),
                )
            )
    return BankFacts(
        questions=[
            QuestionFacts(
                course=key[0],
                quiz=key[1],
                position=key[2],
                kind=fields.get("kind", SINGLE),
                prompt=fields["prompt"],
                situation=fields.get("situation", ""),
                objective=tuple(fields["objective"]) if fields.get("objective") else None,
                choices=tuple(choices.get(key, [])),
            )
            for key, fields in questions.items()
        ],
        lessons=lessons,
        objectives=objectives,
    )


def question_facts(question, choices=None):
    """Facts of a ``Question`` (its quiz, course and objective read with it if need be)."""
    choices = question.choices.all() if choices is None else choices
    objective = question.objective
    return QuestionFacts(
        course=question.quiz.course.slug,
        quiz=question.quiz.slug,
        position=question.position,
        kind=question.kind,
        prompt=question.prompt,
        situation=question.situation,
        objective=tuple(objective.natural_key()) if objective is not None else None,
        choices=tuple(
            ChoiceFacts(
                position=c.position, text=c.text, is_correct=c.is_correct, feedback=c.feedback
            )
            for c in choices
        ),
    )
