"""Which fields of scenarios are translated (django-modeltranslation reads this module)."""

from modeltranslation.translator import TranslationOptions, register

from scenarios.models import DecisionPoint, Ending, Scenario, ScenarioChoice


@register(Scenario)
class ScenarioTranslation(TranslationOptions):
    fields = ("title", "summary", "briefing", "briefing_html")


@register(DecisionPoint)
class DecisionPointTranslation(TranslationOptions):
    fields = ("title", "counterpart", "stakes", "situation", "situation_html")


@register(Ending)
class EndingTranslation(TranslationOptions):
    fields = ("title", "outcome", "outcome_html")


@register(ScenarioChoice)
class ScenarioChoiceTranslation(TranslationOptions):
    fields = ("text", "debrief_note", "debrief_note_html")
