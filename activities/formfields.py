"""Form fields for the records a form links to, refusing keys the database cannot hold."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections


class RecordsField(forms.ModelMultipleChoiceField):
    """Django's field for several records, which refuses an unknown key with a message
    but passes a number beyond the database's integers on to the query, where it fails
    (OverflowError on SQLite): such a key is refused here as any unknown one is."""

    def _check_values(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        connection = connections[self.queryset.db]
        low, high = connection.ops.integer_field_range(key.get_internal_type())
        for given in value:
            text = str(given).strip()
            number = int(text) if text.isascii() and text.lstrip("-").isdigit() else None
            if number is not None and not (low is None or low <= number <= high):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": given},
                )
        return super()._check_values(value)
