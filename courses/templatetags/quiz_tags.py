"""What a quiz page needs beyond the attempt form's own fields."""

from django import template

register = template.Library()


@register.filter
def question_for(form, field):
    """The question that ``field`` (a bound field of an ``AttemptForm``) asks, or None."""
    for question, _choices in form.options.values():
        if form.field_name(question) == field.name:
            return question
    return None
