from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ImportRecord, Kind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in ImportRecord.kinds_for(user)
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.LEDGER_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB: split it into several files.")
                % {"limit": limit}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Send an .xlsx or .csv file."))
        # The history shows the name as sent, less what no name should hold (a NUL, which
        # PostgreSQL refuses, or other control characters).
        upload.name = "".join(char for char in upload.name if char.isprintable())
        return upload

    def kind_value(self):
        return Kind(self.cleaned_data["kind"])
