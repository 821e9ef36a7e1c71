"""The archive's filter: an issue by year, number or title."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.filters import NumberFilter
from representatives.filters import EARLIEST, LATEST

from .models import Bulletin


class BulletinFilter(django_filters.FilterSet):
    year = NumberFilter(
        label=_("Year"),
        min_value=EARLIEST.year,
        max_value=LATEST.year,
    )
    q = django_filters.CharFilter(label=_("Number or title"), method="by_number_or_title")

    class Meta:
        model = Bulletin
        fields = ["year", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issues = Bulletin.objects.all() if self.queryset is None else self.queryset
        years = issues.order_by("-year").values_list("year", flat=True).distinct()
        self.filters["year"].extra["widget"] = forms.Select(
            choices=[("", "—"), *((year, year) for year in years)]
        )

    def by_number_or_title(self, queryset, name, value):
        """Words in the title, or (digits only) the issue's number in its year or overall."""
        words = value.strip()
        if not words:
            return queryset
        number = int(words) if words.isascii() and words.isdigit() else None
        return queryset.filter(Q(title__contains=words) | Q(number=number) | Q(total_number=number))
