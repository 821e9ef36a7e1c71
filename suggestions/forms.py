"""The forms of the suggestion pages: one per step of the cycle. Each only reads what was
typed; the step itself is the domain method's (models.py), which refuses or writes all."""

import os

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.forms import DATE
from activities.models import Department
from representatives.models import Representative
from representatives.widgets import MultiPicker, Picker

from .models import ContactForm, Rating, ReplyClass, Suggestion

# A reply document: Word or PDF, up to this size (the office's letters are a few pages).
DOCUMENT_MAX_MB = 10
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),  # the Office 97–2003 container
    ".docx": (b"PK\x03\x04",),  # a zip
}


class StepForm(forms.Form):
    """A step's date: today unless said (the domain refuses one in the future or before
    the latest step)."""

    on = forms.DateField(label=_("date"), required=False, widget=DATE)

    def __init__(self, *args, suggestion=None, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion

    def refuse(self, error):
        """Show the domain's refusal ({field: message}) on the form's fields."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class SuggestionForm(forms.ModelForm):
    lead = forms.ModelChoiceField(
        Representative.objects.none(), label=_("lead deputy"), widget=Picker
    )
    seconders = forms.ModelMultipleChoiceField(
        Representative.objects.none(), label=_("seconders"), required=False, widget=MultiPicker
    )

    class Meta:
        model = Suggestion
        fields = [
            "year",
            "number",
            "level",
            "title",
            "text",
            "submitted_on",
            "topic",
            "complex",
            "campaign",
        ]
        widgets = {"submitted_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = Representative.objects.visible_to(user)
        self.fields["lead"].queryset = people
        self.fields["seconders"].queryset = people

    def refuse(self, error):
        for field, messages in error.message_dict.items():
            field = "lead" if field == "deputies" else field
            self.add_error(field if field in self.fields else None, messages)


def unit_fields():
    return (
        forms.ModelChoiceField(Department.objects.all(), label=_("lead unit"), widget=Picker),
        forms.ModelMultipleChoiceField(
            Department.objects.all(), label=_("co-units"), required=False, widget=MultiPicker
        ),
    )


class AssignForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"], self.fields["co_units"] = unit_fields()
        self.order_fields(["lead_unit", "co_units", "note", "on"])


class ReassignForm(AssignForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["reason", "on"]


class DeadlineForm(ReasonForm):
    deadline = forms.DateField(label=_("new deadline"), widget=DATE)
    field_order = ["deadline", "reason", "on"]


class RateForm(StepForm):
    rating = forms.ChoiceField(label=_("rating"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["rating", "comment", "on"]


class ContactStepForm(StepForm):
    form = forms.ChoiceField(label=_("form of contact"), choices=ContactForm.choices)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["form", "note", "on"]


class OpinionForm(StepForm):
    text = forms.CharField(label=_("opinion"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["text", "on"]


class ReplyForm(StepForm):
    reply_class = forms.ChoiceField(label=_("reply class"), choices=ReplyClass.choices)
    text = forms.CharField(
        label=_("reply"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    document = forms.FileField(
        label=_("reply document"),
        required=False,
        # Filled in as the page is drawn, in its reader's language (a lazy string filled
        # in here would be read once, in the language of the server's start).
        help_text=lazy(
            lambda: (
                gettext("PDF or Word (.pdf, .doc, .docx), up to %(size)s MB.")
                % {"size": DOCUMENT_MAX_MB}
            ),
            str,
        )(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
    )
    field_order = ["reply_class", "text", "document", "on"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return document
        extension = os.path.splitext(document.name)[1].lower()
        if extension not in DOCUMENT_TYPES:
            raise forms.ValidationError(_("Attach a PDF or Word file (.pdf, .doc, .docx)."))
        if document.size > DOCUMENT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The document is larger than %(size)s MB.") % {"size": DOCUMENT_MAX_MB}
            )
        head = document.read(8)
        document.seek(0)
        if not head.startswith(DOCUMENT_TYPES[extension]):
            raise forms.ValidationError(_("The file is not the PDF or Word document it is named."))
        return document
