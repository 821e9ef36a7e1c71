"""How the history reads to people: the path a change came by, what was done, each
field by its name and its values as the pages show them, and what a download took."""

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What changed, field by field, is in the project package, so the review queue (activities)
# reads it too without importing this app, which imports activities.
from lianluo.history import (  # noqa: F401
    ADMIN,
    DOWNLOAD,
    FORM,
    IMPORT,
    REVIEW,
    SHELL,
    changes_of,
    field_of,
    shown,
)
from lianluo.punctuation import join_list

PATHS = {
    FORM: _("through a page"),
    ADMIN: _("in the admin"),
    IMPORT: _("by an import"),
    SHELL: _("from a command"),
    DOWNLOAD: _("by a download"),
    REVIEW: _("by a review decision"),
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
    "areas": _("Areas"),
    "roster": _("Roster"),
    "campaigns": _("Campaigns"),
    "activities": _("Activities"),
    "problems": _("Problems"),
    "outputs": _("Outputs"),
    "contacts": _("Contact tallies"),
    "media": _("Media reports"),
    "campaign-report": _("campaign figures"),
    "suggestions": _("Suggestions"),
    "suggestion-report": _("suggestion figures"),
    "duties": _("Duties"),
    "posts": _("Posts held"),
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
        f"{name}={join_list(value) if isinstance(value, list) else value}"
        for name, value in (data.get("filters") or {}).items()
    )
    kind = DOWNLOADS.get(data["kind"], data["kind"])
    text = _("%(kind)s as .%(format)s, %(rows)s rows") % {**data, "kind": kind}
    return text + (_(", filtered by %(filters)s") % {"filters": filters} if filters else "")
