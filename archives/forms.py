"""The form of a duty 履职记录, its deputies chosen within the user's reach."""

import copy

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _

from activities.formfields import RecordsField
from activities.forms import DATE
from activities.reach import Reach
from activities.versioning import VersionedForm
from representatives.models import Representative
from representatives.widgets import MultiPicker

from .models import Duty


class DutyForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Duty
        fields = ["kind", "date", "title", "representatives", "source", "note"]
        field_classes = {"representatives": RecordsField}
        widgets = {
            "date": DATE,
            "representatives": MultiPicker,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the deputies the user sees and the province's leaders, and those the
        # duty has. Any deputy posted is found, so that one out of the user's reach is
        # refused by name (`clean_representatives`), not as an unknown choice.
        offered = Representative.objects.visible_to(user) | Representative.objects.filter(
            is_provincial_leader=True
        )
        if self.instance.pk:
            offered = offered | Representative.objects.filter(duties=self.instance)
        field = self.fields["representatives"]
        field.queryset = Representative.objects.all()
        shown = copy.copy(field)
        shown.queryset = offered.distinct()
        field.widget.choices = ModelChoiceIterator(shown)
        self.reach = Reach(user)

    def clean_representatives(self):
        chosen = [rep.pk for rep in self.cleaned_data["representatives"]]
        before = [rep.pk for rep in self.instance.representatives.all()] if self.instance.pk else []
        refusals = duty_refusals(self.reach, before, chosen)
        if refusals:
            raise forms.ValidationError(refusals)
        return self.cleaned_data["representatives"]


def duty_refusals(reach, before, after):
    """Why a duty's deputies may not go from `before` to `after` (ids) for a user scoped
    to areas: a deputy of another area is neither added nor removed (save a provincial
    leader, as on an output), and the duty keeps a deputy of the user's areas — it is
    shown to its deputies' areas, and would otherwise leave the user's sight."""
    if not reach.is_limited:
        return []
    refusals = reach.people_refusals(before, after)
    if after and not any(pk in reach.visible for pk in after):
        refusals.append(_("A duty needs a deputy of your areas."))
    return refusals
