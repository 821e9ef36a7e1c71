"""A record's rules, written once on its model: `refusals()` says why it cannot be saved as
it stands ({field: message}, empty when it can); `clean()` raises them for the forms and
the admin, and the imports ask `refusals()` row by row."""

from django.core.exceptions import ValidationError


class Refusals:
    """Mix into a model (before `models.Model`) that defines `refusals()`."""

    def refusals(self):
        return {}

    def clean(self):
        super().clean()
        refusals = self.refusals()
        if refusals:
            raise ValidationError(refusals)
