"""The person search (the checklist's guest box and its JSON endpoint share one rule)
and the period of a group's page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .filters import check_in_calendar
from .models import Representative

FOUND_AT_MOST = 20


class PersonSearchForm(forms.Form):
    """A name, card number or pinyin initials. A CharField refuses NUL, which PostgreSQL
    cannot hold in a query; the length is that of the longest name or card number."""

    q = forms.CharField(label=_("search"), required=False, max_length=100)

    def found(self, user):
        """The people `user` may see that match, or none when the text is refused."""
        if not self.is_valid() or not self.cleaned_data["q"]:
            return Representative.objects.none()
        return Representative.objects.visible_to(user).search(self.cleaned_data["q"])[
            :FOUND_AT_MOST
        ]

    def refusal(self):
        """Why the text is refused, in words, or None."""
        if self.is_bound and not self.is_valid():
            return " ".join(self.errors["q"])
        return None


class PeriodForm(forms.Form):
    """A period in the address: an end left out, or refused (the page says why), takes
    its default."""

    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=pgettext_lazy("end of a period", "to"), required=False)

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            try:
                check_in_calendar(cleaned.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def period(self, start, end):
        """(start, end) as given where valid, else the defaults given here."""
        self.is_valid()
        return self.cleaned_data.get("start") or start, self.cleaned_data.get("end") or end
