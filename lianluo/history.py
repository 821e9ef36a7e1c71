"""What any app calls to have its writes recorded in the history (django-auditlog).

Writes through `save()` and `delete()` are recorded by auditlog's signals, with the path
(form, admin, import, shell) that `recording()` or the history app's middleware names.
Bulk writes send no signal: an importer hands what it wrote to `log_bulk()`, which
records it in one query. Knows no app's model, so every app may call it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

FORM, ADMIN, IMPORT, SHELL = "form", "admin", "import", "shell"


# What `recording()` says of the writes being made now (None: nothing, a shell's writes).
_now = ContextVar("history_now", default=None)


@contextmanager
def recording(path, actor=None, remote_addr=None, remote_port=None, **extra):
    """Record the writes inside as made by `actor` through `path` (with `extra` data).

    auditlog keeps one context at a time: the one around (a request's) is put back on
    leaving, so the writes after it are still recorded as the request's."""
    data = {
        "actor": actor,
        "remote_addr": remote_addr,
        "remote_port": remote_port,
        "additional_data": {"path": path, **extra},
    }
    around = auditlog_value.get(None)
    told = _now.set(dict(data))
    try:
        with set_extra_data(data):
            yield
    finally:
        _now.reset(told)
        if around is not None:
            auditlog_value.set(around)


def current():
    """(actor, additional data) of the writes being made now."""
    data = _now.get() or {}
    return data.get("actor"), data.get("additional_data") or {"path": SHELL}


def log_bulk(model, created=(), changed=None, by=None):
    """Record records written in bulk: `created` records, and `changed` as
    {record: {field: (old, new)}}, in one query whatever their number; made by `by`, or
    else by whoever the writes being made now are recorded as made by."""
    actor, data = current()
    actor = by or actor
    content_type = ContentType.objects.get_for_model(model)

    def entry(record, action, changes):
        return LogEntry(
            content_type=content_type,
            object_pk=str(record.pk),
            object_id=record.pk if isinstance(record.pk, int) else None,
            object_repr=str(record)[:2000],
            action=action,
            changes={name: [_text(old), _text(new)] for name, (old, new) in changes.items()},
            actor=actor,
            actor_email=getattr(actor, "email", None),
            additional_data=data,
        )

    entries = [entry(record, LogEntry.Action.CREATE, {}) for record in created]
    entries += [
        entry(record, LogEntry.Action.UPDATE, changes)
        for record, changes in (changed or {}).items()
        if changes
    ]
    LogEntry.objects.bulk_create(entries)


def _text(value):
    """A value as the history shows it: a related record by its key, as auditlog does."""
    if value is None:
        return "None"
    return str(getattr(value, "pk", value))
