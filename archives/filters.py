"""The filter of the duties' list and of their ledger's export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from activities.filters import DATE_RANGE, DateRangeFilter, search_in
from representatives.filters import AreaFilter
from representatives.models import PostHeld, Representative
from representatives.widgets import Picker

from .models import Duty


def visible_people(request):
    """The deputies the filter offers: those the user sees (all without a request)."""
    people = Representative.objects.all()
    return people.visible_to(request.user) if request else people


class DutyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method=search_in("ref", "title", "source"))
    kind = django_filters.ChoiceFilter(choices=Duty.Kind.choices, label=_("kind"))
    date = DateRangeFilter(label=_("date"), widget=DATE_RANGE)
    representative = django_filters.ModelChoiceFilter(
        field_name="representatives",
        queryset=visible_people,
        label=_("representative"),
        widget=Picker,
        distinct=True,
    )
    area = AreaFilter(field_name="representatives__groups__area")

    class Meta:
        model = Duty
        fields = ["q", "kind", "date", "representative", "area"]


class PostHeldFilter(django_filters.FilterSet):
    """The posts held that the roster's list shows: of its deputies, filtered as it is."""

    representative = django_filters.ModelChoiceFilter(
        queryset=visible_people, label=_("representative"), widget=Picker
    )
    area = AreaFilter(field_name="representative__groups__area")

    class Meta:
        model = PostHeld
        fields = ["representative", "area"]
