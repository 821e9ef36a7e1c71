"""The person search: the checklist's guest box and its JSON endpoint share one rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
