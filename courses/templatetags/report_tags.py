"""Whether to offer the staff reports to the signed-in user (header and dashboard)."""

from django import template

from courses import reports

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_reports(context):
    user = context.get("user")
    return user is not None and reports.may_view_reports(user)
