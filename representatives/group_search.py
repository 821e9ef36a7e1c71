"""Choosing a group by typing its name, not from a list of every group (a province has
10,000: listed in a filter's <select>, they weighed 700 KB and 65 MB of Python a page).

One rule, `groups_matching`, serves both ways of choosing. With JavaScript the filter is
a picker (static/js/pickers.js) asking `representatives:group-search` as the user types:
the first FOUND_AT_MOST groups the user may see whose name holds the words. Without it,
the filter is a text box: its whole name, or a part found in one name only, chooses the
group (`GroupField`); a part found in several names is refused with the first of them.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lianluo.punctuation import join_list

from .widgets import SearchPicker, label_initials

FOUND_AT_MOST = 20  # groups a search answers, best first
NAMED_AT_MOST = 10  # candidates a refusal names


def groups_matching(groups, text):
    """Those of `groups` whose name holds `text`, or whose name's pinyin initials do
    (xxz finds 湘西州第一代表小组, as the pickers find a label: widgets.label_initials),
    the one so named (or whose key it is: an older link's `?group=12`) first, then by
    name. Initials are worked out from the names (groups store none): letters typed read
    every name the user may see, once a search."""
    found = Q(name__contains=text)
    exact = Q(name=text)
    if text.isascii() and text.isdigit() and int(text) < 2**31:
        exact |= Q(pk=int(text))
    if text.isascii() and text.isalpha():
        typed = text.lower()
        names = groups.values_list("pk", "name")
        found |= Q(pk__in=[pk for pk, name in names if typed in label_initials(name)])
    first = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return groups.filter(found | exact).annotate(first=first).order_by("first", "name")


class GroupSearchForm(forms.Form):
    """The picker's search: a part of a group's name (a CharField refuses NUL)."""

    q = forms.CharField(required=False, max_length=100)

    def found(self, groups):
        """[{"id", "name", "area"}] of the first of `groups` whose name holds the words."""
        return [
            {"id": group.pk, "name": group.name, "area": group.area.name}
            for group in self.groups(groups)
        ]

    def groups(self, groups):
        """The first FOUND_AT_MOST of `groups` whose name holds the words, with their area."""
        if not self.is_valid() or not self.cleaned_data["q"].strip():
            return []
        matching = groups_matching(groups, self.cleaned_data["q"].strip())
        return list(matching.select_related("area").only("name", "area__name")[:FOUND_AT_MOST])

    def refusal(self):
        """Why the words cannot be searched ("" when they can)."""
        return " ".join(self.errors.get("q", [])) if self.is_bound else ""


class GroupField(forms.ModelChoiceField):
    """A group of `queryset` chosen by name: the whole name (what the picker sends), a
    part found in one name only, or the group's key. One query."""

    widget = SearchPicker(source=reverse_lazy("representatives:group-search"))
    chosen = None

    def to_python(self, value):
        text = str(value or "").strip()
        if text in self.empty_values:
            return None
        found = list(groups_matching(self.queryset, text)[: NAMED_AT_MOST + 1])
        if found and (found[0].name == text or str(found[0].pk) == text or len(found) == 1):
            self.chosen = found[0]
            return found[0]
        if not found:
            raise ValidationError(
                _("No group you can see has “%(text)s” in its name."),
                code="invalid_choice",
                params={"text": text},
            )
        names = join_list(group.name for group in found[:NAMED_AT_MOST])
        if len(found) > NAMED_AT_MOST:
            names += " …"
        raise ValidationError(
            _("“%(text)s” is in the names of several groups: %(names)s. Type more of the name."),
            code="invalid_choice",
            params={"text": text, "names": names},
        )

    def bound_data(self, data, initial):
        """The box shows the chosen group's whole name, whatever part of it was typed."""
        return self.chosen.name if self.chosen is not None else data


class GroupChoiceFilter(django_filters.ModelChoiceFilter):
    """A list's group filter (`field_name` leads from the record to a group), chosen by
    typing; `queryset` is the groups the user may see. A record is listed once however
    many ways it leads to the group (a member who left and came back)."""

    field_class = GroupField

    def filter(self, queryset, value):
        if not value:
            return queryset
        records = queryset.model._base_manager.filter(**{self.field_name: value})
        return queryset.filter(pk__in=records.values("pk"))
