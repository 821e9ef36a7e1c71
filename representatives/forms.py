"""The person search (the checklist's guest box and its JSON endpoint share one rule)
and the period of a group's page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianluo.punctuation import join_list

from .filters import check_in_calendar
from .models import Membership, Representative

FOUND_AT_MOST = 20
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser's date picker


class PersonSearchForm(forms.Form):
    """A name, card number or pinyin initials. A CharField refuses NUL, which PostgreSQL
    cannot hold in a query; the length is that of the longest name or card number."""

    q = forms.CharField(label=_("search"), required=False, max_length=100)

    def found(self, people=None):
        """Who among `people` (every deputy of the province unless given) matches, as
        {"code", "name", "group"}: no more than a card shows, whoever is found (the
        guest box searches the whole province, activities/reach.py). None when refused."""
        if not self.is_valid() or not self.cleaned_data["q"]:
            return []
        if people is None:
            people = Representative.objects.all()
        return name_cards(people.search(self.cleaned_data["q"])[:FOUND_AT_MOST])

    def refusal(self):
        """Why the text is refused, in words, or None."""
        if self.is_bound and not self.is_valid():
            return " ".join(self.errors["q"])
        return None


def name_cards(people):
    """Name, card number and group of each of `people`, and nothing else of them: the
    groups they are members of today, else the last they were in. Two queries."""
    found = list(people.values_list("pk", "code", "name"))
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(representative__in=[pk for pk, _code, _name in found])
        .order_by("group__name")
        .values_list("representative_id", "group__name", "joined_on", "left_on")
    )
    current, last = {}, {}
    for pk, group, joined_on, left_on in memberships:
        if (joined_on is None or joined_on <= today) and (left_on is None or left_on >= today):
            current.setdefault(pk, []).append(group)
        elif left_on is not None and left_on < today and left_on >= last.get(pk, (left_on,))[0]:
            last[pk] = (left_on, group)
    return [
        {
            "code": code,
            "name": name,
            "group": join_list(current.get(pk, [])) or last.get(pk, (None, ""))[1],
        }
        for pk, code, name in found
    ]


class Dates(forms.Form):
    """A start and an end, each within the calendar the app accepts (the periods of the
    pages: PeriodForm here, the archives' period)."""

    start = forms.DateField(label=_("From"), required=False, widget=DAY)
    end = forms.DateField(label=pgettext_lazy("end of a period", "to"), required=False, widget=DAY)

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            try:
                check_in_calendar(cleaned.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class PeriodForm(Dates):
    """A period in the address: an end left out, or refused (the page says why), takes
    its default."""

    def period(self, start, end):
        """(start, end) as given where valid, else the defaults given here."""
        self.is_valid()
        return self.cleaned_data.get("start") or start, self.cleaned_data.get("end") or end
