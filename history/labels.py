"""How the history reads to people: the path a change came by, what was done, each
field by its name and its values as the pages show them, and what a download took."""

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianluo.history import ADMIN, DOWNLOAD, FORM, IMPORT, SHELL

PATHS = {
    FORM: _("through a page"),
    ADMIN: _("in the admin"),
    IMPORT: _("by an import"),
    SHELL: _("from a command"),
    DOWNLOAD: _("by a download"),
}
ACTIONS = {
    LogEntry.Action.CREATE: pgettext_lazy("history", "created"),
    LogEntry.Action.UPDATE: pgettext_lazy("history", "changed"),
    LogEntry.Action.DELETE: pgettext_lazy("history", "deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("history", "downloaded"),
}

# What a download took: a ledger of a kind (as the import's kinds are named, which this
# app may not import), a campaign's figures, a bulletin's document.
DOWNLOADS = {
    "roster": _("Roster"),
    "campaigns": _("Campaigns"),
    "activities": _("Activities"),
    "problems": _("Problems"),
    "outputs": _("Outputs"),
    "contacts": _("Contact tallies"),
    "campaign-report": _("campaign figures"),
    "bulletin": pgettext_lazy("history", "bulletin"),
}


def path_of(entry):
    path = (entry.additional_data or {}).get("path", "")
    return PATHS.get(path, path)


def download_of(entry):
    """What a download (or a command's export) took: kind, format, rows and filters; ""
    for an entry of another action."""
    data = entry.additional_data or {}
    if entry.action != LogEntry.Action.ACCESS or "kind" not in data:
        return ""
    filters = "; ".join(
        f"{name}={'、'.join(value) if isinstance(value, list) else value}"
        for name, value in (data.get("filters") or {}).items()
    )
    kind = DOWNLOADS.get(data["kind"], data["kind"])
    text = _("%(kind)s as .%(format)s, %(rows)s rows") % {**data, "kind": kind}
    return text + (_(", filtered by %(filters)s") % {"filters": filters} if filters else "")


def changes_of(entry):
    """(field, what changed) for each change of `entry`, by the field's name: old → new as
    the pages show the values, or the links added (+) or removed (−)."""
    model = entry.content_type.model_class()
    rows = []
    for name, change in (entry.changes_dict or {}).items():
        field = field_of(model, name)
        label = capfirst(field.verbose_name) if field else name
        if isinstance(change, dict):  # a many-to-many link
            sign = "+" if change.get("operation") == "add" else "−"
            rows.append((label, f"{sign} {'、'.join(change.get('objects', []))}"))
        else:
            old, new = (shown(field, value) for value in change)
            rows.append((label, f"{old} → {new}"))
    return rows


def field_of(model, name):
    """The model's own field `name` (not a relation from another model), or None."""
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None


def shown(field, value):
    """A stored value as the pages show it: a choice by its label, nothing as —."""
    if value in (None, "", "None"):
        return "—"
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return choices.get(value, value)
