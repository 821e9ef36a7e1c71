from django import forms
from django.utils.translation import gettext_lazy as _

from activities.forms import DATE
from activities.versioning import VersionedForm

from .models import Bulletin, DistributionList


class BulletinForm(VersionedForm, forms.ModelForm):
    """An issue's text and numbers; a distribution list fills the 送 lines."""

    distribution_list = forms.ModelChoiceField(
        label=_("take the recipients of"),
        queryset=DistributionList.objects.all(),
        required=False,
        help_text=_("Replaces the distribution below when chosen."),
    )

    class Meta:
        model = Bulletin
        fields = [
            "year", "number", "total_number", "date", "title", "body", "contributor",
            "editors", "contact_line", "approval_number", "distribution",
        ]  # fmt: skip
        widgets = {
            "date": DATE,
            "body": forms.Textarea(attrs={"rows": 24}),
            "distribution": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("distribution_list")
        if chosen is not None:
            cleaned["distribution"] = chosen.recipients
        return cleaned
