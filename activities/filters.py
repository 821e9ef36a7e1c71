"""The filters of the lists, their exports and (later) the dashboards: one FilterSet each."""

import django_filters
from django.utils.translation import gettext_lazy as _

from representatives.filters import AreaFilter, visible_groups

from .models import Activity, Campaign, ContactTally, Department, Mode, Output, Problem, Topic

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


class CampaignFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="contains", label=_("title"))

    class Meta:
        model = Campaign
        fields = ["title"]


class ActivityFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    area = AreaFilter(field_name="groups__area")
    group = django_filters.ModelChoiceFilter(
        field_name="groups", queryset=visible_groups, label=_("group"), distinct=True
    )
    date = django_filters.DateFromToRangeFilter(label=_("date"), widget=DATE_RANGE)
    mode = django_filters.ChoiceFilter(choices=Mode.choices)
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), label=_("topic"), distinct=True
    )

    class Meta:
        model = Activity
        fields = ["campaign", "area", "group", "date", "mode", "topic"]


class ProblemFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="activity__campaign", queryset=Campaign.objects.all(), label=_("campaign")
    )
    area = AreaFilter(field_name="area")
    date = django_filters.DateFromToRangeFilter(
        field_name="activity__date", label=_("date"), widget=DATE_RANGE
    )
    status = django_filters.ChoiceFilter(choices=Problem.Status.choices)
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all())
    topic = django_filters.ModelChoiceFilter(queryset=Topic.objects.all())

    class Meta:
        model = Problem
        fields = ["campaign", "area", "date", "status", "department", "topic"]


class OutputFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    kind = django_filters.ChoiceFilter(choices=Output.Kind.choices)
    date = django_filters.DateFromToRangeFilter(label=_("date"), widget=DATE_RANGE)

    class Meta:
        model = Output
        fields = ["campaign", "kind", "date"]


class ContactTallyFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    area = AreaFilter(field_name="area")

    class Meta:
        model = ContactTally
        fields = ["campaign", "area"]
