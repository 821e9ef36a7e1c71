import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .group_search import GroupChoiceFilter
from .models import Area, Group, Mandate, Representative
from .widgets import Picker

# The dates a filter or a period takes: far wider than any record, narrow enough that a
# period and the period of the same length before it stay inside the calendar (1 to 9999).
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def check_in_calendar(*days):
    """Refuse a day outside EARLIEST … LATEST (None is no day and passes)."""
    if any(day is not None and not EARLIEST <= day <= LATEST for day in days):
        raise ValidationError(
            _("Give dates between %(earliest)s and %(latest)s.")
            % {"earliest": date_format(EARLIEST), "latest": date_format(LATEST)},
            code="out_of_range",
        )


def visible_groups(request):
    """The groups a filter offers: those the user sees (all of them without a request)."""
    groups = Group.objects.select_related("area")
    return groups.visible_to(request.user) if request else groups


def visible_areas(request):
    """The areas a filter offers: those in the user's scope (all without a request)."""
    return Area.objects.visible_to(request.user) if request else Area.objects.all()


class YesOrNo(django_filters.widgets.BooleanWidget):
    """A yes/no filter's choice: either, yes or no (django-filter's reads "Unknown" for
    either, which a filter does not mean)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "---------"), ("true", _("Yes")), ("false", _("No")))


class AreaFilter(django_filters.ChoiceFilter):
    """An area and every area below it; `field_name` leads from the record to an area.

    The choices are the areas the user sees, read once; the chosen one is used by its
    key, so a filtered page spends no query looking it up.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("area"))
        kwargs.setdefault("widget", Picker)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            request = getattr(self.parent, "request", None)
            self.extra["choices"] = list(visible_areas(request).values_list("pk", "name"))
        return super().field

    def filter(self, queryset, value):
        if not value:
            return queryset
        within = Area.objects.within(int(value))
        # A record that leads to the area several ways (an activity of two of its groups)
        # is listed once: kept if its key is among those that lead there, a semi-join,
        # where DISTINCT would have the database read and sort every match to drop twins.
        records = queryset.model._base_manager.filter(**{f"{self.field_name}__in": within})
        return queryset.filter(pk__in=records.values("pk"))


class RepresentativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name, card number or pinyin initials"))
    level = django_filters.ChoiceFilter(
        choices=Mandate.Level.choices, label=_("level"), method="by_level"
    )
    area = AreaFilter(field_name="memberships__group__area")
    group = GroupChoiceFilter(
        field_name="memberships__group",
        queryset=lambda request: (
            Group.objects.visible_to(request.user) if request else Group.objects.all()
        ),
        label=pgettext_lazy("representative group", "group"),
    )
    is_provincial_leader = django_filters.BooleanFilter(
        label=_("provincial-level leading cadre"), widget=YesOrNo
    )

    class Meta:
        model = Representative
        fields = ["q", "level", "area", "group", "is_provincial_leader"]

    def search(self, queryset, name, value):
        """The guest box's lookup (name, card number, pinyin initials in any reading)."""
        return queryset.search(value) if value.strip() else queryset

    def by_level(self, queryset, name, value):
        """Deputies with a mandate at this level (once, however many terms they served)."""
        return queryset.filter(
            Exists(Mandate.objects.filter(representative=OuterRef("pk"), level=value))
        )


class AreaListFilter(django_filters.FilterSet):
    """The areas a ledger exports: one and those below it, or of one level."""

    area = AreaFilter(field_name="pk")
    kind = django_filters.ChoiceFilter(
        choices=Area.Kind.choices, label=pgettext_lazy("area level", "level")
    )

    class Meta:
        model = Area
        fields = ["area", "kind"]


class GroupFilter(django_filters.FilterSet):
    area = AreaFilter(field_name="area")

    class Meta:
        model = Group
        fields = ["area"]
