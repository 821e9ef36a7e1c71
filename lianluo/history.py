"""What any app calls to have its writes recorded in the history (django-auditlog).

Writes through `save()` and `delete()` are recorded by auditlog's signals, with the path
(form, admin, import, shell) that `recording()` or the history app's middleware names.
Bulk writes send no signal: an importer hands what it wrote to `log_bulk()`, which
records it in one query (`log_rows()` for rows written without a model instance). A
download or an export is recorded too, by `log_download()`: one entry of auditlog's
action ACCESS, with what was exported and how many rows.
`changes_of()` reads an entry's changes as the pages show them (the history pages, the
review queue). Knows no app's model, so every app may call it.
"""

import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, disable_auditlog, set_extra_data
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from lianluo.bulk import insert
from lianluo.logs import security_event
from lianluo.proxy import client_address
from lianluo.punctuation import join_list

FORM, ADMIN, IMPORT, SHELL, DOWNLOAD = "form", "admin", "import", "shell", "download"
# A reviewer's decision (approved, returned) on a record: a step of its review, not a
# change of what it says.
REVIEW = "review"
# The paths by which a record's content changes.
CHANGES = [FORM, ADMIN, IMPORT, SHELL]
# In an entry's additional data: the key of the record the entry's record is part of.
PART_OF = "part_of"


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


def log_bulk(model, created=(), changed=None, by=None, deleted=(), path=None, part_of=None):
    """Record records written in bulk: `created` records, `changed` as {record: {field:
    (old, new)}} and `deleted` records (read before they went), in one query whatever
    their number; made by `by`, or else by whoever the writes being made now are
    recorded as made by, through `path` or theirs. `part_of` names the key of the record
    each is part of (an attendance row's "activity_id"), kept with its entry so the
    record's changes can be read with its parts', removed ones included."""

    def entries(records, action, changes_of):
        for record in records:
            changes = changes_of(record)
            if action == LogEntry.Action.UPDATE and not changes:
                continue
            yield (
                record.pk,
                str(record),
                action,
                changes,
                getattr(record, part_of) if part_of is not None else None,
            )

    log_rows(
        model,
        [
            *entries(created, LogEntry.Action.CREATE, lambda record: {}),
            *entries((changed or {}), LogEntry.Action.UPDATE, (changed or {}).get),
            *entries(deleted, LogEntry.Action.DELETE, lambda record: {}),
        ],
        by=by,
        path=path,
    )


def log_rows(model, rows, by=None, path=None):
    """`log_bulk` for records written without an instance (an import's attendance): each
    of `rows` is (key, name, action, {field: (old, new)}, key of the record it is part
    of or None). One query whatever their number, and no model instance an entry."""
    if not rows:
        return
    actor, data = current()
    actor = by or actor
    if path is not None:
        data = {**data, "path": path}
    same = {
        "content_type": ContentType.objects.get_for_model(model).pk,
        "actor": actor.pk if actor is not None else None,
        "actor_email": getattr(actor, "email", None),
    }
    encode = json.JSONEncoder(ensure_ascii=True).encode  # as Django writes a JSONField
    plain = encode(data)
    # The data with the key of the record each is part of: the text shared by every entry,
    # then the key (a batch's tens of thousands of attendance entries, issue 16).
    part_of = encode({**{k: v for k, v in data.items() if k != PART_OF}, PART_OF: None})
    part_of = part_of[: -len("null}")]
    insert(
        LogEntry,
        ["object_pk", "object_id", "object_repr", "action", "changes", "additional_data"],
        [
            (
                str(pk),
                pk if isinstance(pk, int) else None,
                name[:2000],
                action,
                encode({field: [_text(old), _text(new)] for field, (old, new) in changes.items()})
                if changes
                else "{}",
                plain if whole is None else f"{part_of}{encode(whole)}}}",
            )
            for pk, name, action, changes, whole in rows
        ],
        same=same,
    )


def log_download(request, kind, file_format, rows, model=None, record=None, filters=None):
    """Record, in one query, that `rows` rows of `kind` went out as a `file_format` file:
    the records of `model` (a list's export, chosen by the query parameters `filters`) or
    the one `record` (its report, its document). `request` is the download's, whose user
    is the actor; None for a command's file (path SHELL, no actor)."""
    actor = getattr(request, "user", None)
    actor = actor if actor is not None and actor.is_authenticated else None
    model = model or type(record)
    data = {
        "path": DOWNLOAD if request is not None else SHELL,
        "kind": kind,
        "format": file_format,
        "filters": filters or {},
        "rows": rows,
    }
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(record.pk) if record is not None else "",
        object_id=record.pk if record is not None and isinstance(record.pk, int) else None,
        object_repr=str(record if record is not None else model._meta.verbose_name_plural)[:2000],
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        remote_addr=client_address(request) if request is not None else None,
        additional_data=data,
    )
    # Not save(): auditlog's signal would put the request's path and data in place of these.
    LogEntry.objects.bulk_create([entry])
    security_event("download", request, logging.INFO, **data)


def logged_rows(rows, request, kind, file_format, **what):
    """`rows` one by one as a file is written, then their download recorded with how many
    went by: after the last, or where the writing stopped (a download broken off, an
    error), so the count is of the rows written. `what`: `log_download`'s model, record
    and filters."""
    written = 0
    try:
        for row in rows:
            written += 1  # handed to the file: counted even if the writing stops at it
            yield row
    finally:
        log_download(request, kind, file_format, written, **what)


def query_filters(query, form):
    """The parameters of `query` (a QueryDict) that chose the rows: those `form` (a list's
    filter form) reads, not the empty ones; a value, or a list of the values given more
    than once. Paging, or anything else sent along, chooses nothing."""
    filters, read = {}, _names_read(form)
    for name in query:
        values = [value for value in query.getlist(name) if value != ""]
        if name in read and values:
            filters[name] = values[0] if len(values) == 1 else values
    return filters


def _names_read(form):
    """The query parameters `form` reads: a field's name, or its name and each suffix of
    a field of several inputs (a date range's date_after and date_before)."""
    names = set()
    for name, field in form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes or [""])
    return names


def delete_bulk(model, records, part_of=None):
    """Delete `records` of `model` (read with what names them) and record them, in a
    fixed number of queries: auditlog's signals would write one entry a query."""
    with disable_auditlog():
        model.objects.filter(pk__in=[record.pk for record in records]).delete()
    log_bulk(model, deleted=records, part_of=part_of)


def _text(value):
    """A value as the history shows it: a related record by its key, as auditlog does."""
    if value is None:
        return "None"
    return str(getattr(value, "pk", value))


def changes_of(entry, leaving=()):
    """(field, what changed) for each change of `entry`, by the field's name: old → new as
    the pages show the values, or the links added (+) or removed (−); the fields named in
    `leaving` left out."""
    model = entry.content_type.model_class()
    rows = []
    for name, change in (entry.changes_dict or {}).items():
        if name in leaving:
            continue
        field = field_of(model, name)
        label = capfirst(field.verbose_name) if field else name
        if isinstance(change, dict):  # a many-to-many link
            sign = "+" if change.get("operation") == "add" else "−"
            rows.append((label, f"{sign} {join_list(change.get('objects', []))}"))
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
