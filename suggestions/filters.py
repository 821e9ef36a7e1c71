"""The filter of the suggestions' ledger export (and, later, of their list)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.filters import NumberFilter
from activities.models import Campaign, Department

from .models import ReplyClass, Status, Suggestion


class SuggestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    year = NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    lead_unit = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("lead unit")
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign")
    )
    reply_class = django_filters.ChoiceFilter(
        choices=ReplyClass.choices, label=_("reply class"), method="of_class"
    )

    class Meta:
        model = Suggestion
        fields = ["q", "year", "status", "lead_unit", "campaign", "reply_class"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__contains=value) | Q(text__contains=value))

    def of_class(self, queryset, name, value):
        """By the class of the latest reply."""
        return queryset.with_latest().filter(latest_class=value)
