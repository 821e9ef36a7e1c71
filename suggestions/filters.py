"""The filter of the suggestions' list and of their ledger export."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.filters import NumberFilter
from activities.models import Campaign, Department
from representatives.filters import YesOrNo
from representatives.models import Mandate, Representative
from representatives.widgets import Picker

from .models import Deputy, ReplyClass, Status, Suggestion

SHORT_CLASSES = [
    (ReplyClass.A, _("A: solved")),
    (ReplyClass.B, _("B: being solved")),
    (ReplyClass.C, _("C: to be solved later")),
    (ReplyClass.D, _("D: for reference")),
]


class SuggestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    year = NumberFilter(label=_("year"))
    level = django_filters.ChoiceFilter(choices=Mandate.Level.choices, label=_("level"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    lead_unit = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("lead unit"), widget=Picker
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign")
    )
    # Short names: the classes' full wording made the filter's box as wide as a line.
    reply_class = django_filters.ChoiceFilter(
        choices=SHORT_CLASSES, label=_("reply class"), method="of_class"
    )
    deputy = django_filters.ModelChoiceFilter(
        queryset=Representative.objects.all(),
        label=_("deputy"),
        method="of_deputy",
        widget=Picker,
    )
    overdue = django_filters.BooleanFilter(
        label=_("overdue"),
        method="past_deadline",
        widget=YesOrNo,
    )

    class Meta:
        model = Suggestion
        fields = [
            "q",
            "year",
            "level",
            "status",
            "lead_unit",
            "campaign",
            "reply_class",
            "deputy",
            "overdue",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__contains=value) | Q(text__contains=value))

    def of_class(self, queryset, name, value):
        """By the class of the latest reply."""
        return queryset.with_latest().filter(latest_class=value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.request
        if request is not None:  # the deputies of the suggestions the user sees
            put = Deputy.objects.filter(suggestion__in=Suggestion.objects.visible_to(request.user))
            self.filters["deputy"].queryset = Representative.objects.filter(
                pk__in=put.values("representative")
            )

    def of_deputy(self, queryset, name, value):
        """Those the deputy put, as lead or seconder."""
        return queryset.filter(
            Exists(Deputy.objects.filter(suggestion=OuterRef("pk"), representative=value))
        )

    def past_deadline(self, queryset, name, value):
        overdue = Suggestion.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
