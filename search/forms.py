from django import forms
from django.utils.translation import gettext_lazy as _

from search.api import MAX_QUERY_LENGTH
from search.models import SearchKind


class SearchForm(forms.Form):
    """The search page's query. Over-long text is shortened and an unknown kind ignored, rather
    than refused: whatever was typed gets an answer."""

    q = forms.CharField(label=_("Search for"), required=False)
    kind = forms.CharField(required=False)

    def clean_q(self):
        query = self.cleaned_data["q"]
        self.truncated = len(query) > MAX_QUERY_LENGTH
        return query[:MAX_QUERY_LENGTH]

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        return kind if kind in SearchKind.values else ""
