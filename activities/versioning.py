"""Edits that refuse to overwrite a newer save (optimistic locking), the one rule for all.

A record people edit carries a `version`. A form remembers the version it opened; saving
writes only if the record still has that version, and moves it on. When someone else saved
in between, the save is refused (`StaleEdit`), nothing is written, and the form is shown
again with the user's input and a message. The re-shown form carries the version now
stored, so saving it once more replaces the other save knowingly, never silently.
"""

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .caching import figures_changed


class StaleEdit(Exception):
    """The record changed since the form that edits it was opened."""


class Versioned(models.Model):
    """A record whose save is refused when it no longer has the version it was read at."""

    # Two people editing one record: the second save is refused, not silently applied.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            # One conditional UPDATE: of two saves racing from one version, only one matches.
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleEdit
            self.version += 1
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1
                raise

    def stored_version(self, lock=False):
        """The version in the database now (None when the record is gone); `lock` holds
        the row until the transaction ends."""
        stored = type(self)._base_manager.filter(pk=self.pk)
        if lock:
            stored = stored.select_for_update()
        return stored.values_list("version", flat=True).first()


def bulk_update_versioned(model, records, fields):
    """`bulk_update` for an import: a versioned record's version moves on too, so a form
    opened before the import refuses to save over what the import wrote."""
    if issubclass(model, Versioned):
        for record in records:
            record.version = F("version") + 1  # a later save() of it is refused, not blind
        fields = [*fields, "version"]
    model.objects.bulk_update(records, fields)
    figures_changed()  # bulk_update sends no signal (activities/caching.py)


class VersionedForm(forms.Form):
    """The form side: the hidden version it opened, and the refusal when it is stale.

    Mix it first into a ModelForm (`class OutputForm(VersionedForm, forms.ModelForm)`); a
    plain form sets `self.instance` to the record it changes before calling `__init__`.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    # Fields that carry the form's own bookkeeping, not what the user typed.
    BOOKKEEPING = ("version",)

    @cached_property
    def changed_data(self):
        """The fields the user changed: the version the form carries is not one of them,
        so a form saved as it was opened has not changed (its record stays approved)."""
        return [
            name
            for name, bound in self._bound_items()
            if name not in self.BOOKKEEPING and bound._has_changed()
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            # Inside a transaction (the admin's) the row stays locked until the save, so
            # no save slips in between; elsewhere save_unless_stale() catches one that does.
            lock = transaction.get_connection().in_atomic_block
            opened = cleaned.get("version")  # None (not posted) is never current: refused
            if opened != self.instance.stored_version(lock=lock):
                self.refuse_as_stale()
            else:
                self.instance.version = opened  # the save is conditional on this version
        return cleaned

    def save_unless_stale(self):
        """Save the record (and its links) at once; False, with the refusal shown on the
        form, when someone saved it after this form was opened."""
        try:
            with transaction.atomic():
                self.save()
        except StaleEdit:
            self.refuse_as_stale()
            return False
        return True

    def refuse_as_stale(self):
        """Say why nothing was saved; the re-shown form carries the version now stored."""
        record = self.instance._meta.verbose_name
        self.add_error(
            None,
            _(
                "Someone else saved this %(record)s while you were editing it, so nothing "
                "of yours was saved. Your input is kept below: open the %(record)s in "
                "another tab to see their changes; saving this form again replaces them."
            )
            % {"record": record},
        )
        self.data = self.data.copy()
        self.data["version"] = self.instance.stored_version()
