"""The figures every leader reads alike, kept in the cache `figures` until a write changes
them (issue 16: the live queries of a province's dashboards take 0.2–1 s on PostgreSQL).

A figure function decorated with `@kept` is computed once per key and read from the cache
after: the key is the function, what it was asked (a queryset by its SQL, so the viewer's
scope and the filters that narrowed it are in the key; a record by its key; a date by its
day), whether the figures count the records awaiting review, the language, and the
**version** of the figures. Every write to a record the figures read moves the version
on, so no figure kept before it is read again:

- `post_save`, `post_delete` and `m2m_changed` of every model of the apps the figures read
  (FIGURES_APPS), connected in `ActivitiesConfig.ready()`;
- `figures_changed()`, called by the bulk paths, which send no signal: an import
  (`ledgers.importing.Importer.run`), `bulk_update_versioned` (the review queue's
  approvals and returns, the imports' updates) and `generate_data`; and a restore
  (`lianluo.signals.database_replaced`, sent by backups).

The version moves on at once (the writer's next page in the same transaction sees its own
write) and again when the transaction commits: a page of another process that read the
old rows before the commit and kept its figures under the version of that moment is not
read after the commit. A figure is read from the database when its version was moved on,
and never older than TIMEOUT.

The cache is Redis when REDIS_URL is set (shared by the workers of gunicorn); without it,
each process keeps its own (lianluo/settings.py), and a served site without Redis keeps
none.
"""

import functools
import hashlib
import time

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import models, transaction
from django.utils.translation import get_language

from lianluo.signals import database_replaced

CACHE = "figures"
VERSION = "figures:version"
TIMEOUT = 24 * 3600  # a day: a figure nobody asks again leaves the cache
# The apps whose records the dashboards and the archives count: every write to one of
# their models moves the version on.
FIGURES_APPS = ("representatives", "activities", "suggestions", "archives")
_MISSING = object()
PATIENCE = 30  # seconds a figure's computing keeps others waiting, at most
WAIT = 0.05  # seconds between two looks for a figure another process is computing


def _store():
    return caches[CACHE]


def version():
    """The figures' version now (a new one when the cache holds none: after a restart of
    Redis, never one used before)."""
    store = _store()
    found = store.get(VERSION)
    if found is None:
        store.add(VERSION, time.time_ns(), timeout=None)
        found = store.get(VERSION, 0)
    return found


def _move_on():
    store = _store()
    try:
        store.incr(VERSION)
    except ValueError:  # no version yet (or the cache keeps nothing)
        store.set(VERSION, time.time_ns(), timeout=None)


def figures_changed(**_signal):
    """Every figure kept so far is stale: the version moves on now and when the
    transaction commits (a receiver of the model signals too)."""
    _move_on()
    transaction.on_commit(_move_on)


def connect_signals(apps):
    """Move the version on at every write to a model of FIGURES_APPS (its save, delete,
    or a change of one of its many-to-many links), and when a restore replaced the
    database (`lianluo.signals.database_replaced`)."""
    database_replaced.connect(figures_changed)
    for label in FIGURES_APPS:
        for model in apps.get_app_config(label).get_models():
            models.signals.post_save.connect(figures_changed, sender=model)
            models.signals.post_delete.connect(figures_changed, sender=model)
            for field in model._meta.local_many_to_many:
                models.signals.m2m_changed.connect(
                    figures_changed, sender=field.remote_field.through
                )


def _part(value):
    """What `value` contributes to a key: a queryset its SQL, a record its key."""
    if isinstance(value, models.QuerySet):
        try:
            return f"{value.model._meta.label}:{value.query}"
        except EmptyResultSet:
            return f"{value.model._meta.label}:none"
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    if isinstance(value, list | tuple | set | frozenset):
        items = [_part(item) for item in value]
        return "[" + ",".join(sorted(items) if isinstance(value, set | frozenset) else items) + "]"
    return repr(value)


def key_of(name, args, kwargs):
    from .review import pending_counted  # review.py imports versioning.py, which imports this

    # The language too: a figure's words are meant to be lazy, but one said eagerly must
    # not reach a reader of the other language.
    parts = [name, str(pending_counted()), str(get_language()), *map(_part, args)]
    parts += [f"{key}={_part(value)}" for key, value in sorted(kwargs.items())]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"figures:{version()}:{digest}"


def computed_once(store, key, compute):
    """The figure `key`, computed by `compute` here, or by the process already computing
    it: when many ask a figure nobody kept (a cold cache, the moment after a write), one
    computes it and the others wait for its result, rather than each computing the same
    on the same cores (the load test's leaders queued behind their own duplicates). A
    process that does not deliver within PATIENCE seconds is not waited for further."""
    lock = f"{key}:computing"
    if not store.add(lock, 1, PATIENCE):
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline and store.get(lock) is not None:
            time.sleep(WAIT)
            found = store.get(key, _MISSING)
            if found is not _MISSING:
                return found
    try:
        found = compute()
        store.set(key, found, TIMEOUT)
    finally:
        store.delete(lock)
    return found


def kept(function):
    """`function` (a figure of the dashboards or the archives: what it returns depends only
    on what it is asked and on the records) read from the cache when it was computed since
    the last write, computed and kept otherwise."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args, **kwargs):
        key = key_of(name, args, kwargs)
        store = _store()
        found = store.get(key, _MISSING)
        if found is _MISSING:
            found = computed_once(store, key, lambda: function(*args, **kwargs))
        return found

    cached.live = function  # the query itself, uncached (the benchmark's floor compares it)
    return cached
