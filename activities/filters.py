"""The filters of the lists, their exports and (later) the dashboards: one FilterSet each."""

import django_filters
from django import forms
from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from representatives.filters import (
    AreaFilter,
    check_in_calendar,
    visible_groups,
)
from representatives.group_search import GroupChoiceFilter
from representatives.models import Area, Mandate
from representatives.widgets import Picker

from .models import (
    Activity,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Mode,
    Output,
    Problem,
    Topic,
    took_part_where,
)

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


class DateRangeField(django_filters.fields.DateRangeField):
    def clean(self, value):
        period = super().clean(value)
        if period:
            check_in_calendar(*(end.date() for end in (period.start, period.stop) if end))
        return period


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """From one date to another, both optional, both within EARLIEST and LATEST."""

    field_class = DateRangeField


class CampaignFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="contains", label=_("title"))

    class Meta:
        model = Campaign
        fields = ["title"]


def campaign_choices():
    """The campaigns a filter offers, read once; chosen by key (no query to look it up)."""
    return list(Campaign.objects.values_list("pk", "title"))


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    campaign = django_filters.ChoiceFilter(choices=campaign_choices, label=_("campaign"))
    area = AreaFilter(method="in_area")
    group = GroupChoiceFilter(
        field_name="groups",
        queryset=visible_groups,
        label=pgettext_lazy("representative group", "group"),
    )
    date = DateRangeFilter(label=_("date"), widget=DATE_RANGE)
    mode = django_filters.ChoiceFilter(choices=Mode.choices)
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), label=_("topic")
    )  # an activity has a topic once: one row at most, no DISTINCT needed

    level = django_filters.ChoiceFilter(
        choices=Mandate.Level.choices, method="by_level", label=_("level")
    )

    class Meta:
        model = Activity
        fields = ["q", "campaign", "area", "group", "date", "mode", "topic", "level"]

    def search(self, queryset, name, value):
        """Words in the title or place, or the activity's ref as a whole."""
        words = value.strip()
        if not words:
            return queryset
        return queryset.filter(Q(title__contains=words) | Q(place__contains=words) | Q(ref=words))

    def in_area(self, queryset, name, value):
        """Activities with a group in the area or below it: a semi-join on the groups of
        the activities alone, as `visible_to` scopes them (`in_areas`)."""
        return queryset.in_areas(Area.objects.within(int(value)))

    def by_level(self, queryset, name, value):
        """Activities that a deputy of this level led or took part in."""
        return queryset.filter(
            took_part_where(
                counting=False, activity=OuterRef("pk"), representative__mandates__level=value
            )
        )


class OverviewFilter(ActivityFilter):
    """The overview's filters: those of the activity list but the group. The period
    (`date`) chooses what the overview compares; it does not narrow the activities."""

    date = DateRangeFilter(label=_("period"), widget=DATE_RANGE, method="choose_period")
    compare = django_filters.ChoiceFilter(
        label=_("compared with"),
        choices=[("yoy", _("Year on year")), ("mom", _("Period on period"))],
        empty_label=None,
        method="choose_period",
    )

    class Meta(ActivityFilter.Meta):
        fields = ["date", "compare", "area", "level", "campaign", "mode", "topic"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("group", None)
        self.filters.pop("q", None)
        # The campaigns read once, not once to check the choice and again to draw it.
        self.filters["campaign"].extra["choices"] = campaign_choices()

    def choose_period(self, queryset, name, value):
        return queryset


def search_in(*fields):
    """A filter method that looks for the words in any of `fields`."""

    def search(queryset, name, value):
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__contains": value.strip()})
        return queryset.filter(matches) if value.strip() else queryset

    return search


class ProblemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("search"), method=search_in("ref", "title", "detail", "outcome")
    )
    campaign = django_filters.ModelChoiceFilter(
        field_name="activity__campaign", queryset=Campaign.objects.all(), label=_("campaign")
    )
    area = AreaFilter(field_name="area")
    date = DateRangeFilter(field_name="activity__date", label=_("date"), widget=DATE_RANGE)
    status = django_filters.ChoiceFilter(choices=Problem.Status.choices)
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), widget=Picker)
    topic = django_filters.ModelChoiceFilter(queryset=Topic.objects.all())

    class Meta:
        model = Problem
        fields = ["q", "campaign", "area", "date", "status", "department", "topic"]


class OutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method=search_in("ref", "title"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign"), method="of_campaign"
    )
    kind = django_filters.ChoiceFilter(choices=Output.Kind.choices)
    date = DateRangeFilter(label=_("date"), widget=DATE_RANGE)

    class Meta:
        model = Output
        fields = ["q", "campaign", "kind", "date"]

    def of_campaign(self, queryset, name, value):
        """Outputs of the campaign or of its activities, as the figures count them."""
        return queryset.of_campaign(value)


class ContactTallyFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    area = AreaFilter(field_name="area")

    class Meta:
        model = ContactTally
        fields = ["campaign", "area"]


class MediaReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method=search_in("ref", "outlet", "title"))
    campaign = django_filters.ModelChoiceFilter(
        field_name="campaign", queryset=Campaign.objects.all(), label=_("campaign")
    )
    date = DateRangeFilter(field_name="published_on", label=_("date"), widget=DATE_RANGE)

    class Meta:
        model = MediaReport
        fields = ["q", "campaign", "date"]


class NumberFilter(django_filters.Filter):
    """An exact whole number (django-filter's NumberFilter takes decimals like 1e309)."""

    field_class = forms.IntegerField
