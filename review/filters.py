"""The review queue's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.filters import DATE_RANGE, DateRangeFilter, campaign_choices
from activities.models import Activity
from activities.review_kinds import KINDS
from representatives.filters import AreaFilter
from representatives.models import Area
from representatives.widgets import Picker


class ReviewQueueFilter(django_filters.FilterSet):
    """The review queue's filters: one form for the five kinds of records it lists, each
    kind narrowed along its own paths (`narrow`, given to `review_queue.waiting`)."""

    kind = django_filters.ChoiceFilter(label=_("kind"), method="of_kind")
    area = AreaFilter(method="in_area")
    author = django_filters.ChoiceFilter(
        label=pgettext_lazy("review", "author"), method="by_author", widget=Picker
    )
    campaign = django_filters.ChoiceFilter(
        choices=campaign_choices, label=_("campaign"), method="in_campaign"
    )
    submitted = DateRangeFilter(
        label=pgettext_lazy("review", "submitted"), widget=DATE_RANGE, method="submitted_in"
    )

    def __init__(self, data=None, *, request, authors):
        # No queryset of its own: `narrow` is given each kind's in turn.
        super().__init__(data, queryset=Activity.objects.none(), request=request)
        self.filters["kind"].extra["choices"] = [(key, kind.label) for key, kind in KINDS.items()]
        self.filters["author"].extra["choices"] = authors
        self.narrowing = None

    def narrow(self, kind, queryset):
        """`queryset`, of records of `kind` (a key of KINDS), narrowed by
        the valid filters (a filter with an error is not applied)."""
        if not self.is_bound:
            return queryset
        self.errors  # noqa: B018 — validates the form, as FilterSet.qs does
        self.narrowing = kind
        return self.filter_queryset(queryset)

    def of_kind(self, queryset, name, value):
        return queryset if value == self.narrowing else queryset.none()

    def in_area(self, queryset, name, value):
        path = KINDS[self.narrowing].area
        return queryset.filter(**{f"{path}__in": Area.objects.within(int(value))}).distinct()

    def by_author(self, queryset, name, value):
        return queryset.filter(submitted_by=value)

    def in_campaign(self, queryset, name, value):
        path = KINDS[self.narrowing].campaign
        # A kind of record no campaign counts (a duty) has none in any campaign.
        return queryset.filter(**{path: value}) if path else queryset.none()

    def submitted_in(self, queryset, name, value):
        if value.start:
            queryset = queryset.filter(submitted_at__date__gte=value.start.date())
        if value.stop:
            queryset = queryset.filter(submitted_at__date__lte=value.stop.date())
        return queryset
