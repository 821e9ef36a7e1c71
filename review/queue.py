"""The review queue 待审核: what waits for a reviewer, one row per record or per upload,
and the reviewer's decisions on the rows (the states and `decide` are in
activities/review.py, the kinds in activities/review_kinds.py).

A row is ticked by its *pick*, "kind:pk:version": the version the page showed, so a record
changed since the page was opened is not decided blindly (`Stale`). The records of one
staff upload (same `review_batch`) make one row, picked as "batch:number:count-versions"
and decided whole.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from activities.models import Attendance
from activities.review import Review, Reviewed, decide
from activities.review_kinds import KINDS
from ledgers.models import ImportRecord
from lianluo.history import PART_OF, changes_of
from lianluo.paging import CappedPaginator

BATCH = "batch"


@dataclass
class Row:
    """One row of the queue: a record, or the records of one upload."""

    kind: str  # a key of KINDS, or BATCH
    pk: int  # the record's, or the upload's (ledgers.ImportRecord)
    submitted_at: object
    version: int  # the record's; an upload's: the sum of its waiting records' versions
    size: int = 1  # the records it decides: an upload's waiting for the reviewer
    record: object = None  # filled for the page shown (`fill`)
    upload: object = None
    author: object = None
    is_new: bool = False  # never approved before: no changes to show
    changes: list = field(default_factory=list)  # [(field, "old → new")] since approval

    @property
    def token(self):
        """What the page showed of it: the version, or for an upload how many records
        and their versions, so any change since is seen."""
        if self.kind == BATCH:
            return f"{self.size}-{self.version}"
        return str(self.version)

    @property
    def pick(self):
        return f"{self.kind}:{self.pk}:{self.token}"

    @property
    def label(self):
        return KINDS[self.kind].label if self.kind in KINDS else _("Upload")

    @property
    def page(self):
        spec = KINDS.get(self.kind)
        return spec.page if spec else None


def waiting(user, narrow=None):
    """The rows waiting for `user`'s review, oldest submission first, as a `Backlog` the
    database pages: the records of every kind `reviewable_by(user)` and submitted, each
    kind's narrowed by `narrow(kind, queryset)` (the filters), an upload's records in one
    row."""
    singles, uploads = [], []
    for kind, spec in KINDS.items():
        records = spec.records.reviewable_by(user).awaiting_review()
        if narrow is not None:
            records = narrow(kind, records)
        records = records.order_by().annotate(
            queue_key=F("pk"), queue_at=F("submitted_at"), queue_version=F("version")
        )
        single = records.filter(review_batch__isnull=True)
        singles.append((kind, single.values_list("queue_key", "queue_at", "queue_version")))
        upload = records.filter(review_batch__isnull=False).annotate(queue_batch=F("review_batch"))
        uploads.append(upload.values_list("queue_batch", "queue_at", "queue_version"))
    return Backlog(singles, uploads)


def places():
    """{kind: its place among rows submitted at the same moment}: the kinds' keys in
    alphabetical order, an upload's BATCH among them (the order the queue always had)."""
    return {kind: place for place, kind in enumerate(sorted([*KINDS, BATCH]))}


class Backlog:
    """The rows waiting for a reviewer, ordered, counted and cut into pages by the
    database: one UNION ALL of each kind's keys and sort columns (an upload's records
    grouped into one row, at its oldest submission), so a page reads the same few
    queries and a few dozen rows whatever the backlog; `Row`s are made for the page
    shown only. The count stops at `up_to`, as the other lists' (lianluo/paging.py).

    A page's query takes from each kind only its first rows up to the page's end, in the
    queue's order (from the index of what waits, `review_queue_index`): page 1 reads a
    few dozen rows of each kind, however long the backlog, and a deep page as many as it
    skips, as the other lists' deep pages do."""

    def __init__(self, singles, uploads):
        self.singles = singles  # [(kind, (key, at, version) of its records alone)]
        self.uploads = uploads  # [(batch, at, version) of a kind's records in an upload]
        self.places = places()
        self.kinds = {place: kind for kind, place in self.places.items()}

    def union(self, params, top=None):
        """The SQL of the rows (place, key, at, version, size), unordered; each part cut to
        its first `top` rows in the queue's order when `top` is given."""
        parts = []
        for i, (kind, records) in enumerate(self.singles):
            if top is not None:
                records = records.order_by("queue_at", "queue_key")[:top]
            sql = compiled(records, params)
            if sql:
                parts.append(
                    f"SELECT {self.places[kind]} AS queue_place, queue_key, queue_at,"
                    f" queue_version, 1 AS queue_size FROM ({sql}) AS records_{i}"
                )
        members = [sql for sql in (compiled(records, params) for records in self.uploads) if sql]
        if members:
            union = " UNION ALL ".join(
                f"SELECT queue_batch, queue_at, queue_version FROM ({sql}) AS members_{i}"
                for i, sql in enumerate(members)
            )
            cut = ""
            if top is not None:
                cut = " ORDER BY MIN(queue_at), queue_batch LIMIT %s"
                params.append(top)
            parts.append(
                "SELECT * FROM ("
                f"SELECT {self.places[BATCH]} AS queue_place, queue_batch AS queue_key,"
                " MIN(queue_at) AS queue_at, SUM(queue_version) AS queue_version,"
                f" COUNT(*) AS queue_size FROM ({union}) AS members GROUP BY queue_batch{cut}"
                ") AS uploads"
            )
        return " UNION ALL ".join(parts)

    def count(self, up_to=None):
        """How many rows wait, counted up to `up_to` (all of them when None)."""
        params = []
        union = self.union(params)
        if not union:
            return 0
        limit = ""
        if up_to is not None:
            limit = " LIMIT %s"
            params.append(up_to)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM ({union}) AS queue{limit}) AS counted",
                params,
            )
            return cursor.fetchone()[0]

    def rows(self, bottom, top):
        """The rows from `bottom` to `top` in the queue's order: the oldest submission
        first, then by kind and key, as `Row`s."""
        params = []
        union = self.union(params, top) if top > bottom else ""
        if not union:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT queue_place, queue_key, queue_at, queue_version, queue_size"
                f" FROM ({union}) AS queue ORDER BY queue_at, queue_place, queue_key"
                " LIMIT %s OFFSET %s",
                [*params, top - bottom, bottom],
            )
            found = cursor.fetchall()
        return [
            Row(self.kinds[place], key, moment(at), int(version), size)
            for place, key, at, version, size in found
        ]


def compiled(records, params):
    """The SQL of the queryset `records`, its parameters added to `params`; "" when it
    can match nothing (a kind the filters or the user's role leave out)."""
    try:
        sql, own = records.query.sql_with_params()
    except EmptyResultSet:
        return ""
    params.extend(own)
    return sql


def moment(value):
    """A time read by the queue's own SQL: SQLite gives it as text (UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
    return value


class Pages(CappedPaginator):
    """The queue's pages, as the other lists': counted up to COUNT_UP_TO rows, each page's
    rows read alone (`Backlog`)."""

    @cached_property
    def count(self):
        return self.object_list.count(up_to=self.cap + 1)

    def rows(self, bottom, top):
        return self.object_list.rows(bottom, top)


def upload_rows(user, batch):
    """(the upload's own row, a row per record of it) of upload `batch`'s records waiting
    for `user`'s review, oldest first: what the upload's page shows before it is decided
    whole. (None, []) when none waits for them."""
    rows = []
    for kind, spec in KINDS.items():
        waiting = spec.records.reviewable_by(user).awaiting_review()
        for pk, submitted_at, version in waiting.filter(review_batch=batch).values_list(
            "pk", "submitted_at", "version"
        ):
            rows.append(Row(kind, pk, submitted_at, version))
    if not rows:
        return None, []
    rows.sort(key=lambda row: (row.submitted_at, row.kind, row.pk))
    versions = sum(row.version for row in rows)
    whole = Row(BATCH, batch, rows[0].submitted_at, versions, size=len(rows))
    fill([whole])
    return whole, rows


def fill(rows):
    """Read what the rows of one page show, in a fixed number of queries: each kind's
    records with their joins, the uploads, and the records' changes since approved."""
    single = defaultdict(dict)  # kind → {pk: row}
    for row in rows:
        if row.kind != BATCH:
            single[row.kind][row.pk] = row
    for kind, by_pk in single.items():
        spec = KINDS[kind]
        for record in spec.model.objects.filter(pk__in=by_pk).select_related(
            "submitted_by", *spec.joins
        ):
            by_pk[record.pk].record = record
            by_pk[record.pk].author = record.submitted_by
    uploads = [row for row in rows if row.kind == BATCH]
    if uploads:
        found = (
            ImportRecord.objects.filter(pk__in=[row.pk for row in uploads])
            .select_related("user")
            .in_bulk()
        )
        for row in uploads:
            row.upload = found.get(row.pk)
            row.author = row.upload.user if row.upload else None
    read_changes([row for row in rows if row.record is not None])
    return rows


def read_changes(rows):
    """Set each row's `changes` since its record was last approved, from the history (one
    query): what was changed, not the review's own fields; `is_new` when it was created
    since (or never approved) — the whole record is then to be read."""
    if not rows:
        return
    types = ContentType.objects.get_for_models(*(KINDS[row.kind].model for row in rows))
    since = Q()
    by_object = {}
    for row in rows:
        content_type = types[KINDS[row.kind].model]
        after = {"timestamp__gt": row.record.approved_at} if row.record.approved_at else {}
        since |= Q(content_type=content_type, object_id=row.pk, **after)
        by_object[(content_type.pk, row.pk)] = row
    entries = (
        LogEntry.objects.filter(since)
        .filter(action__in=[LogEntry.Action.CREATE, LogEntry.Action.UPDATE])
        .select_related("content_type")
        .order_by("timestamp", "pk")
    )
    leaving = {*Reviewed.REVIEW_FIELDS, "version"}
    for entry in entries:
        row = by_object[(entry.content_type_id, entry.object_id)]
        if entry.action == LogEntry.Action.CREATE:
            row.is_new = True
        else:
            row.changes += changes_of(entry, leaving=leaving)
    read_attendance_changes([row for row in rows if row.kind == "activity"], leaving)
    for row in rows:  # never approved, and no history to read (written with none: a demo)
        if not row.changes and row.record.approved_at is None:
            row.is_new = True


def read_attendance_changes(rows, leaving):
    """Add to each activity row the changes of its attendance since it was last approved
    (who was added, changed or removed): what moves the participation figures. Two
    queries: the rows' attendance now, and the entries of it or marked as part of them."""
    if not rows:
        return
    by_activity = {row.pk: row for row in rows}
    now = dict(Attendance.objects.filter(activity__in=by_activity).values_list("pk", "activity_id"))
    kind = ContentType.objects.get_for_model(Attendance)
    entries = LogEntry.objects.filter(
        Q(object_id__in=now) | Q(**{f"additional_data__{PART_OF}__in": list(by_activity)}),
        content_type=kind,
    ).order_by("timestamp", "pk")
    label = capfirst(Attendance._meta.verbose_name)
    for entry in entries:
        activity = (entry.additional_data or {}).get(PART_OF) or now.get(entry.object_id)
        row = by_activity.get(activity)
        approved = row and row.record.approved_at
        if row is None or (approved and entry.timestamp <= approved):
            continue
        if entry.action == LogEntry.Action.CREATE:
            row.changes.append((label, f"+ {entry.object_repr}"))
        elif entry.action == LogEntry.Action.DELETE:
            row.changes.append((label, f"− {entry.object_repr}"))
        else:
            row.changes += [
                (f"{label} · {entry.object_repr.split(':')[0]} · {name}", change)
                for name, change in changes_of(entry, leaving=leaving)
            ]


class Stale(Exception):
    """Some picked rows changed (or were decided) since the page showed them."""

    def __init__(self, rows):
        super().__init__(rows)
        self.rows = rows


class OutOfReach(Exception):
    """A pick names a record the user may not decide: another area's, their own, none."""


def parse(picks):
    """[(kind, pk, token)] of the posted picks; OutOfReach for one no page writes."""
    parsed = []
    for pick in picks:
        kind, _sep, rest = pick.partition(":")
        pk, _sep, token = rest.partition(":")
        if (kind not in KINDS and kind != BATCH) or not is_key(pk) or not token:
            raise OutOfReach(pick)
        parsed.append((kind, int(pk), token))
    return parsed


def is_key(text):
    """Whether `text` could be a record's key (or an upload's number) in the database."""
    return text.isascii() and text.isdigit() and int(text) < 2**31


@transaction.atomic
def decide_picked(picks, user, *, approve, reason=""):
    """Approve (or return with `reason`) the rows `picks` name, all or none: OutOfReach
    when one is not `user`'s to decide, Stale when one changed since the page was
    opened — then nothing is decided. Returns how many records were decided."""
    chosen = defaultdict(dict)  # kind → {pk: the version the page showed}
    stale = []
    for kind, pk, token in parse(picks):
        if kind == BATCH:
            reachable = batch_members(user, pk)
            waiting_now = [(k, p, v) for k, p, v, state in reachable if state == Review.SUBMITTED]
            versions = sum(version for _kind, _pk, version in waiting_now)
            row = Row(BATCH, pk, None, versions, size=len(waiting_now))
            if row.token != token:
                stale.append(row)
            for member_kind, member_pk, version in waiting_now:
                chosen[member_kind][member_pk] = str(version)
        else:
            chosen[kind][pk] = token
    for kind, versions in chosen.items():
        reachable = KINDS[kind].records.reviewable_by(user).filter(pk__in=versions)
        found = {
            pk: (version, state)
            for pk, version, state in reachable.select_for_update().values_list(
                "pk", "version", "review"
            )
        }
        if found.keys() != versions.keys():
            raise OutOfReach(kind)
        stale += [
            Row(kind, pk, None, version)
            for pk, (version, state) in found.items()
            if str(version) != versions[pk] or state != Review.SUBMITTED
        ]
    if stale:
        raise Stale(stale)
    return sum(
        decide(
            KINDS[kind].records.reviewable_by(user).filter(pk__in=versions),
            user,
            approve=approve,
            reason=reason,
        )
        for kind, versions in chosen.items()
    )


def batch_members(user, batch):
    """[(kind, pk, version, state)] of upload `batch`'s records `user` may decide, locked;
    OutOfReach when there are none (another area's upload, the user's own)."""
    members = []
    for kind, spec in KINDS.items():
        records = spec.records.reviewable_by(user).filter(review_batch=batch)
        members += [
            (kind, *values)
            for values in records.select_for_update().values_list("pk", "version", "review")
        ]
    if not members:
        raise OutOfReach(batch)
    return members
