"""The review queue 待审核: what waits for a reviewer, one row per record or per upload,
and the reviewer's decisions on the rows (the states and `decide` are in
activities/review.py, the kinds in activities/review_kinds.py).

A row is ticked by its *pick*, "kind:pk:version": the version the page showed, so a record
changed since the page was opened is not decided blindly (`Stale`). The records of one
staff upload (same `review_batch`) make one row, picked as "batch:number:count-versions"
and decided whole.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from activities.models import Attendance
from activities.review import Review, Reviewed, decide
from activities.review_kinds import KINDS
from ledgers.models import ImportRecord
from lianluo.history import PART_OF, changes_of

BATCH = "batch"


@dataclass
class Row:
    """One row of the queue: a record, or the records of one upload."""

    kind: str  # a key of KINDS, or BATCH
    pk: int  # the record's, or the upload's (ledgers.ImportRecord)
    submitted_at: object
    members: list = field(default_factory=list)  # [(kind, pk, version)] it decides
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
            return f"{len(self.members)}-{sum(version for _k, _pk, version in self.members)}"
        return str(self.members[0][2])

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
    """The rows waiting for `user`'s review, oldest submission first: the records of every
    kind `reviewable_by(user)` and submitted, each kind's narrowed by `narrow(kind,
    queryset)` (the filters), an upload's records in one row. One query a kind.

    Every waiting record is read (four values each: a province's backlog of some 7,000 is
    a few milliseconds), so the page says exactly how many rows wait; a `Row` is made only
    for the rows a page shows (`Waiting`)."""
    singles = []  # (submitted_at, kind, pk, version): tuples of plain values, which the
    # garbage collector stops tracking, so reading a backlog of thousands does not set off
    # a full collection mid-page
    uploads = {}  # number → [submitted_at, members]: the few uploads waiting
    for kind, spec in KINDS.items():
        records = spec.records.reviewable_by(user).awaiting_review()
        if narrow is not None:
            records = narrow(kind, records)
        for pk, submitted_at, batch, version in records.values_list(
            "pk", "submitted_at", "review_batch", "version"
        ):
            if not batch:
                singles.append((submitted_at, kind, pk, version))
            elif batch in uploads:
                upload = uploads[batch]
                upload[0] = min(upload[0], submitted_at)
                upload[1].append((kind, pk, version))
            else:
                uploads[batch] = [submitted_at, [(kind, pk, version)]]
    singles += [(at, BATCH, batch, members) for batch, (at, members) in uploads.items()]
    singles.sort(key=lambda entry: entry[:3])
    return Waiting(singles)


class Waiting(Sequence):
    """The waiting rows in order, as (submitted_at, kind, pk, version of a record or the
    members of an upload); read as `Row`s, made when read (a page's)."""

    def __init__(self, entries):
        self.entries = entries

    def __len__(self):
        return len(self.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.row(entry) for entry in self.entries[index]]
        return self.row(self.entries[index])

    @staticmethod
    def row(entry):
        submitted_at, kind, pk, last = entry
        members = last if kind == BATCH else [(kind, pk, last)]
        return Row(kind, pk, submitted_at=submitted_at, members=members)


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
            rows.append(Row(kind, pk, submitted_at, [(kind, pk, version)]))
    if not rows:
        return None, []
    rows.sort(key=lambda row: (row.submitted_at, row.kind, row.pk))
    whole = Row(BATCH, batch, rows[0].submitted_at, [row.members[0] for row in rows])
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
            row = Row(BATCH, pk, None, waiting_now)
            if row.token != token:
                stale.append(row)
            for member_kind, member_pk, version in row.members:
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
            Row(kind, pk, None, [(kind, pk, version)])
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
