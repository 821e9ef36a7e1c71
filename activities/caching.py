"""The figures every leader reads alike, kept in the cache `figures` until a write changes
them (issue 16: the live queries of a province's dashboards take 0.2–1 s on PostgreSQL).

A figure function decorated with `@kept` is computed once and read from the cache after:
the key is the function, what it was asked (a queryset by its SQL, so the viewer's scope
and the filters that narrowed it are in the key; a record by its key; a date by its day),
whether the figures count the records awaiting review, and the language. Each figure is
kept with the **version** of the figures it was computed under, when its computing began
and how long it took (`Kept`). Every write to a record the figures read moves the
version on:

- `post_save`, `post_delete` and `m2m_changed` of every model of the apps the figures read
  (FIGURES_APPS), connected in `ActivitiesConfig.ready()`;
- `figures_changed()`, called by the bulk paths, which send no signal: an import
  (`ledgers.importing.Importer.run`), `bulk_update_versioned` (the review queue's
  approvals and returns, the imports' updates) and `generate_data`; and a restore
  (`lianluo.signals.database_replaced`, sent by backups: no figure kept from the rows it
  replaced is served as kept either).

The version moves on at once (the writer's next page in the same transaction sees its own
write) and again when the transaction commits: a page of another process that read the
old rows before the commit and kept its figures under the version of that moment is not
taken for current after the commit.

A figure kept under an older version than now is, by default, **computed again** before
it is read: the report command, the downloads, the bulletin drafts, the archive's Word
file and the tests see exact figures. The dashboards' views alone (`serves_kept_figures`)
take a figure kept under an older version as it is when its last computing took
FIGURES_SLOW seconds or more (a province's campaign page, overview and area pages: 0.6–7 s
each, computed again after every write of an office entering records all day): they
show it at once, say on the page as of when (`served_as_of`), and one process refreshes
it in a thread of its own, at most once per FIGURES_REFRESH seconds a figure, and at most
FIGURES_REFRESHING figures at once across the processes (one more when a figure is
overdue: `_refresh_slot`), so that the refreshes leave the cores to the pages. A figure
nobody kept is computed in the request, by one process while the others wait for it
(`computed_once`); `manage.py keep_figures` computes the dashboards' figures after a
deploy, a restore or a restart of Redis.

The cache is Redis when REDIS_URL is set (shared by the workers of gunicorn); without it,
each process keeps its own (lianluo/settings.py), and a served site without Redis keeps
none. When Redis does not answer, the figures are computed in the request (exact) and a
warning is logged; the process tries Redis again after RETRY seconds, and moves the
version on first if it wrote records meanwhile.
"""

import datetime
import functools
import hashlib
import logging
import threading
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.utils import translation
from redis.exceptions import RedisError

from lianluo.signals import database_replaced

log = logging.getLogger(__name__)

CACHE = "figures"
VERSION = "figures:version"
# The version of the first figures counted from the records of a restore: one kept from
# the rows it replaced is never served as kept, however slow.
FLOOR = "figures:floor"
TIMEOUT = 24 * 3600  # a day: a figure nobody asks again leaves the cache
# The apps whose records the dashboards and the archives count: every write to one of
# their models moves the version on.
FIGURES_APPS = ("representatives", "activities", "suggestions", "archives")
PATIENCE = 30  # seconds a figure's computing keeps others waiting, at most
WAIT = 0.05  # seconds between two looks for a figure another process is computing
RETRY = 30  # seconds a process that could not reach the cache computes figures without it
REFRESH_TAKES = 30  # seconds a refresh may take at a province's size, its wait for a place too


class Kept(NamedTuple):
    """A figure as the cache keeps it."""

    value: Any
    version: int  # of the figures when its computing began
    computed_at: float  # when its computing began (a Unix time)
    took: float  # how long its computing took, in seconds


class Unreachable(Exception):
    """The cache did not answer (or did not, less than RETRY seconds ago)."""


# The cache's location → when this process tries it again (time.monotonic()).
_unreachable = {}
# The locations whose version this process could not move on at a write.
_owed = set()


def _location():
    return str(settings.CACHES[CACHE].get("LOCATION", ""))


@contextmanager
def _reached():
    """The figures' cache, or Unreachable: when Redis does not answer, this process logs a
    warning and leaves it alone for RETRY seconds (the figures are computed meanwhile)."""
    where = _location()
    retry_at = _unreachable.get(where)
    if retry_at is not None:
        if time.monotonic() < retry_at:
            raise Unreachable
        del _unreachable[where]
    store = caches[CACHE]
    try:
        if where in _owed:  # records written while it did not answer: kept figures are stale
            _increment(store)
            _owed.discard(where)
        yield store
    except RedisError as error:
        _unreachable[where] = time.monotonic() + RETRY
        log.warning(
            "The figures' cache did not answer (%s): figures are computed in each request "
            "for %s s, then it is tried again.",
            error,
            RETRY,
        )
        raise Unreachable from error


def _quietly(action):
    """`action(store)`, unless the cache does not answer (then nothing)."""
    with suppress(Unreachable), _reached() as store:
        action(store)


def version():
    """The figures' version now (a new one when the cache holds none: after a restart of
    Redis, never one used before)."""
    with _reached() as store:
        found = store.get(VERSION)
        if found is None:
            store.add(VERSION, time.time_ns(), timeout=None)
            found = store.get(VERSION, 0)
        return found


def _increment(store):
    try:
        store.incr(VERSION)
    except ValueError:  # no version yet (or the cache keeps nothing)
        store.set(VERSION, time.time_ns(), timeout=None)


def _move_on():
    try:
        with _reached() as store:
            _increment(store)
    except Unreachable:
        _owed.add(_location())  # moved on when the cache answers again


def figures_changed(**_signal):
    """Every figure kept so far is stale: the version moves on now and when the
    transaction commits (a receiver of the model signals too)."""
    _move_on()
    transaction.on_commit(_move_on)


def records_replaced(**_signal):
    """A restore replaced the database: every figure kept so far counted other rows, and
    none is served as kept (FLOOR) until computed from these."""
    figures_changed()
    with suppress(Unreachable), _reached() as store:
        store.set(FLOOR, version(), timeout=None)


def connect_signals(apps):
    """Move the version on at every write to a model of FIGURES_APPS (its save, delete,
    or a change of one of its many-to-many links), and when a restore replaced the
    database (`lianluo.signals.database_replaced`)."""
    database_replaced.connect(records_replaced)
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
    parts = [name, str(pending_counted()), str(translation.get_language()), *map(_part, args)]
    parts += [f"{key}={_part(value)}" for key, value in sorted(kwargs.items())]
    return "figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _current(found, wanted):
    """Whether `found` (what the cache holds) is a figure of version `wanted` or later."""
    return isinstance(found, Kept) and found.version >= wanted


def _computed(compute, wanted):
    began, clock = time.time(), time.perf_counter()
    value = compute()
    return Kept(value, wanted, began, time.perf_counter() - clock)


def _keep(key, kept):
    """Keep `kept`, unless the cache holds the figure of a later version already (told by
    the version kept beside it: a figure itself may be hundreds of kilobytes, its groups
    or leaders ranked, and reading it back only to compare versions cost the refreshes
    under load a seventh of their time)."""

    def store_it(store):
        found = store.get(f"{key}:version")
        if found is None or found <= kept.version:
            store.set_many({key: kept, f"{key}:version": kept.version}, TIMEOUT)

    _quietly(store_it)


def computed_once(key, wanted, compute):
    """The figure `key` of version `wanted`, computed by `compute` here, or by the process
    already computing it: when many ask a figure nobody kept (a cold cache, the moment
    after a write), one computes it and the others wait for its result, rather than each
    computing the same on the same cores (the load test's leaders queued behind their own
    duplicates). A process that does not deliver within PATIENCE seconds is not waited
    for further."""
    lock = f"{key}:computing"
    with _reached() as store:
        mine = store.add(lock, 1, PATIENCE)
    if not mine:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            time.sleep(WAIT)
            with _reached() as store:
                found = store.get(key)
                if _current(found, wanted):
                    return found.value
                if store.get(lock) is None:
                    break
    try:
        kept = _computed(compute, wanted)
        _keep(key, kept)
    finally:
        if mine:
            _quietly(lambda store: store.delete(lock))
    return kept.value


# --- a dashboard's view: figures served as kept while they are refreshed ------------


class Served:
    """What a dashboard's view served: the earliest beginning of the computing of a figure
    it served as kept under an older version (a Unix time), if any."""

    def __init__(self):
        self.as_of = None

    def kept_from(self, computed_at):
        self.as_of = computed_at if self.as_of is None else min(self.as_of, computed_at)


_served = ContextVar("figures_served", default=None)  # a Served inside a dashboard's view
_exact = ContextVar("figures_exact", default=False)


def serves_kept_figures(view):
    """A dashboard's view: its slow figures may be served as kept while they are refreshed
    (see the module), and the page says as of when (`served_as_of`)."""

    @functools.wraps(view)
    def serving(request, *args, **kwargs):
        if _exact.get():  # keep_figures rendering the page: every figure exact
            return view(request, *args, **kwargs)
        told = _served.set(Served())
        try:
            return view(request, *args, **kwargs)
        finally:
            _served.reset(told)

    return serving


@contextmanager
def exact_figures():
    """Inside, every figure is computed when its version moved on, even in a dashboard's
    view (`keep_figures`, a figure's refresh)."""
    told, served = _exact.set(True), _served.set(None)
    try:
        yield
    finally:
        _served.reset(served)
        _exact.reset(told)


def served_as_of():
    """When the figures of the page being drawn were computed, as an aware datetime, if
    any of them was served as kept under an older version; else None."""
    served = _served.get()
    if served is None or served.as_of is None:
        return None
    return datetime.datetime.fromtimestamp(served.as_of, tz=datetime.UTC)


# The refreshes running in threads of this process (tests wait for them: `refreshed`).
_refreshing = set()


def refreshed(timeout=PATIENCE):
    """Wait for the refreshes this process started in threads to end (the tests')."""
    for thread in list(_refreshing):
        thread.join(timeout)


def _own_copy(value):
    """`value` for another thread: a queryset cloned (its results cache is its own)."""
    if isinstance(value, models.QuerySet):
        return value.all()
    if isinstance(value, list | tuple):
        return type(value)(_own_copy(item) for item in value)
    return value


def overdue_after():
    """How many seconds after its computing began a kept figure is overdue, and may take
    the place kept for such figures when FIGURES_REFRESHING refreshes are running: its
    wait, FIGURES_REFRESH, and the time a refresh takes (the as-of note promises the
    records show within it)."""
    return settings.FIGURES_REFRESH + REFRESH_TAKES


def _refresh_soon(key, wanted, found, compute, args, kwargs):
    """Compute the figure `key` again, under version `wanted` (`found` is what the cache
    holds), unless this figure was refreshed in the last FIGURES_REFRESH seconds or a
    process is computing it now, or no place is free for its refresh (`_refresh_slot`):
    in a thread of this process (its own connection to the database, closed after), or
    in the request when FIGURES_REFRESH_IN_REQUEST (the tests: a thread does not see the
    test's transaction)."""
    with _reached() as store:
        if store.get(f"{key}:refreshed") is not None:
            return
        slot = _refresh_slot(store, overdue=time.time() - found.computed_at >= overdue_after())
        if slot is None:
            return  # refreshes enough at once: a later reader asks again
        if not store.add(f"{key}:computing", 1, PATIENCE):
            store.delete(slot)
            return
        store.set(f"{key}:refreshed", 1, settings.FIGURES_REFRESH)
    from .review import pending_counted

    refresh = functools.partial(
        _refresh,
        key,
        wanted,
        functools.partial(
            compute, *map(_own_copy, args), **{k: _own_copy(v) for k, v in kwargs.items()}
        ),
        translation.get_language(),
        pending_counted(),
        slot,
    )
    if settings.FIGURES_REFRESH_IN_REQUEST:
        refresh(in_thread=False)
        return
    thread = threading.Thread(target=refresh, name=f"refresh {key}", daemon=True)
    _refreshing.add(thread)
    thread.start()


def _refresh_slot(store, overdue=False):
    """One of the FIGURES_REFRESHING places for a refresh, taken (its key), or None when
    all are: the refreshes of every process together compute that many figures at once,
    at most. While staff write all day, each write leaves every slow figure to refresh;
    computed all at once, on the cores that answer the pages, they slowed every page (the
    load test, issue 16). An `overdue` figure may take one more place, kept for them: the
    figures read often would otherwise take the places as they come free, and one read
    seldom (a city's page) show figures older than the as-of note says. A place is let
    go when its refresh ends, or after PATIENCE."""
    places = [f"figures:refreshing:{place}" for place in range(settings.FIGURES_REFRESHING)]
    for slot in places + (["figures:refreshing:overdue"] if overdue else []):
        if store.add(slot, 1, PATIENCE):
            return slot
    return None


def _refresh(key, wanted, compute, language, pending, slot, in_thread=True):
    """Compute the figure `key` as the request that asked it would (its language, whether
    it counts the records awaiting review), keep it, and let the lock and the place go."""
    from .review import counting_pending

    try:
        with translation.override(language), counting_pending(pending), exact_figures():
            _keep(key, _computed(compute, wanted))
    except Exception:
        if not in_thread:
            raise
        log.exception("Refreshing the kept figure %s failed.", key)
    finally:
        _quietly(lambda store: store.delete_many([f"{key}:computing", slot]))
        if in_thread:
            connections.close_all()  # this thread's own
            _refreshing.discard(threading.current_thread())


def _read(key, compute, args, kwargs):
    with _reached() as store:
        found = store.get_many([VERSION, FLOOR, key])  # one round trip
        wanted = found[VERSION] if VERSION in found else version()
        floor, found = found.get(FLOOR, 0), found.get(key)
    if _current(found, wanted):
        return found.value
    served = _served.get()
    if served is None or not _current(found, floor) or found.took < settings.FIGURES_SLOW:
        return computed_once(key, wanted, lambda: compute(*args, **kwargs))
    served.kept_from(found.computed_at)
    _refresh_soon(key, wanted, found, compute, args, kwargs)
    return found.value


def kept(function):
    """`function` (a figure of the dashboards or the archives: what it returns depends only
    on what it is asked and on the records) read from the cache when it was computed since
    the last write, computed and kept otherwise (see the module)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args, **kwargs):
        try:
            return _read(key_of(name, args, kwargs), function, args, kwargs)
        except Unreachable:
            return function(*args, **kwargs)

    cached.live = function  # the query itself, uncached (the benchmark's floor compares it)
    return cached
