"""What every importer shares: the report, batching, all-or-nothing, name lookups.

An importer reads its rows batch by batch: it parses the cells, looks up what they name
with one query per kind of reference per batch, and writes with bulk queries. Everything
runs in one transaction; the transaction is rolled back when any row is bad, and on a dry
run, so a preview counts exactly what a real import would do.
"""

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.caching import figures_changed
from activities.planner import refresh_statistics
from activities.review import Reviewed
from activities.versioning import bulk_update_versioned
from lianluo import history
from lianluo.bulk import insert
from lianluo.permissions import permission
from lianluo.punctuation import join_list
from representatives.divisions import AreaNames
from representatives.models import Area

from .cells import CellError

BATCH_SIZE = 2000


@dataclass(frozen=True)
class RowError:
    row: int | None  # as the spreadsheet numbers it; None for the file as a whole
    column: str  # the column's header as the file should write it; '' for the whole row
    message: str

    def __str__(self):
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        if self.column:
            where += f" · {self.column}"
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


@dataclass
class Report:
    """What an import did or would do, and every reason it could not."""

    kind: str
    errors: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    new_names: dict = field(default_factory=lambda: defaultdict(list))
    unknown_columns: list = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self):
        return not self.errors

    def count(self, what, outcome, n=1):
        if n:
            getattr(self, outcome)[what] += n

    def as_dict(self):
        return {
            "kind": self.kind,
            "rows": self.rows,
            "ok": self.ok,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "new_names": dict(self.new_names),
            "unknown_columns": self.unknown_columns,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
        }

    def lines(self):
        """The report as lines of text, for the command and the history page."""
        yield _("%(rows)d rows read.") % {"rows": self.rows}
        for title, counter in [
            (_("created"), self.created),
            (_("updated"), self.updated),
            (_("unchanged"), self.unchanged),
        ]:
            if counter:
                parts = pgettext("separator of counts", ", ").join(
                    f"{what} {n}" for what, n in sorted(counter.items())
                )
                yield _("%(outcome)s: %(counts)s") % {"outcome": title, "counts": parts}
        for what, names in self.new_names.items():
            yield _("new %(what)s: %(names)s") % {"what": what, "names": join_list(names)}
        if self.unknown_columns:
            yield _("Columns not read: %(columns)s") % {"columns": join_list(self.unknown_columns)}
        for error in self.errors:
            yield str(error)


class Importer:
    """Subclasses set `layout` and write `import_batch(rows)`."""

    layout = None
    # Rosters and campaigns are the province's: a user scoped to areas does not import them.
    province_wide = False
    import_id = None  # the ImportRecord running it, named in the history of what it writes
    progress = None  # told the rows checked and written as the batches go (ledgers.progress)

    def __init__(self, user=None):
        self.user = user
        self.report = Report(kind=self.layout.kind)
        self.required = {column.alias for column in self.layout.columns if column.required}
        self.fields = {c.alias: c.model_field for c in self.layout.columns if c.field}
        self.keys_seen = {}  # a record's key → the first row that gave it
        # A user scoped to areas imports records of those areas only (None: no limit).
        self.scope = Area.objects.keys_limiting(user)

    def run(self, sheet, *, dry_run=False):
        self.report.rows = len(sheet.rows)
        self.report.unknown_columns = list(sheet.unknown_columns)
        if self.province_wide and self.scope is not None:
            message = _("Only a user of the whole province imports this kind of file.")
            self.report.errors.append(RowError(None, "", message))
            return self.report
        try:
            # Its writes are recorded as an import's, made by whoever sent the file.
            with (
                history.recording(history.IMPORT, actor=self.user, import_id=self.import_id),
                transaction.atomic(),
                collector_paused(),
            ):
                self.prepare()
                rows = iter(sheet.rows)
                while batch := list(islice(rows, BATCH_SIZE)):
                    self.import_batch(batch)
                    gc.collect(0)  # what the batch left behind (collector_paused)
                    if self.progress is not None:
                        written = len(batch) if not dry_run and self.report.ok else 0
                        self.progress.add(rows_checked=len(batch), rows_written=written)
                self.finish()
                if dry_run or not self.report.ok:
                    transaction.set_rollback(True)
                if not self.report.ok:  # nothing is saved: count nothing either
                    self.report.created.clear()
                    self.report.updated.clear()
                    self.report.unchanged.clear()
                elif not dry_run:
                    figures_changed()  # its bulk writes send no signal (activities/caching.py)
                    refresh_statistics()  # SQLite plans from them (activities/planner.py)
        except DatabaseError as error:
            self.report.errors.append(
                RowError(
                    None, "", _("The database refused the import: %(error)s") % {"error": error}
                )
            )
        return self.report

    def enter(self, model, records):
        """Set the review of the `records` of `model` (unsaved) this import creates or
        changes, to be written with them in the same bulk queries; {saved record:
        {"review": (old, new)}} of those whose state it changes, for the history.

        A user without the review permission of the kind submits them for review, as one
        batch (this import) a reviewer can decide at once; a reviewer's or an admin's
        import, and the shell's (no user), are approved as written: the trusted paths."""
        before = [record.review for record in records]
        if self.user is not None and not self.user.has_perm(permission(model, "review")):
            for record in records:
                record.submit(self.user, batch=self.import_id)
        else:
            for record in records:
                record.approve_as_written(by=self.user)
        return {
            record: {"review": (old, record.review)}
            for record, old in zip(records, before, strict=True)
            if record.pk is not None and old != record.review
        }

    def check_campaign_and_activity(self, number, row):
        """The campaign and the activity `row` names (None when it names none, or one
        unknown): an unknown one is the row's error, an activity outside the user's
        areas is refused. For importers with `campaigns`, `activities` and `outside`."""
        campaign = self.campaigns.get(row["campaign"])
        activity = self.activities.get(row["activity"])
        if activity is not None and activity.pk in self.outside:
            self.refuse_outside(number, "activity", row["activity"])
        if row["campaign"] and campaign is None:
            self.error(
                number, "campaign", _("Unknown campaign “%(name)s”.") % {"name": row["campaign"]}
            )
        if row["activity"] and activity is None:
            self.error(
                number, "activity", _("Unknown activity “%(name)s”.") % {"name": row["activity"]}
            )
        return campaign, activity

    def prepare(self):
        """Load what every batch looks up (small tables: areas, groups, topics …)."""

    def finish(self):
        """Checks that need every row read first."""

    def check_then_write(self, rows):
        """Check every (number, row) of the batch; write them only while nothing is bad."""
        for number, row in rows:
            self.check(number, row)
        if self.report.ok:
            self.write([row for _number, row in rows])

    def error(self, row, alias, message):
        header = self.layout.header_for(alias) if alias else ""
        self.report.errors.append(RowError(row, header, str(message)))

    def cells(self, number, row, parsers):
        """Parse `row` with {alias: parser}; a bad cell is reported and gives None."""
        values = {}
        for alias, parse in parsers.items():
            try:
                values[alias] = parse(row.get(alias))
            except CellError as problem:
                self.error(number, alias, problem)
                values[alias] = None
                continue
            if alias in self.fields and (problem := misfit(self.fields[alias], values[alias])):
                self.error(number, alias, problem)
                values[alias] = [] if isinstance(values[alias], list) else None  # as if empty
                continue
            if alias in self.required and values[alias] in (None, "", []):
                self.error(number, alias, _("This cell is required."))
        return values

    def in_scope(self, area_id):
        return self.scope is None or area_id in self.scope

    def outside_scope(self, model, records):
        """The keys of the `records` the importing user may not touch, in one query."""
        pks = {record.pk for record in records if record is not None and record.pk}
        if self.scope is None or not pks:
            return set()
        visible = model.objects.visible_to(self.user).filter(pk__in=pks)
        return pks - set(visible.values_list("pk", flat=True))

    def refuse_outside(self, number, alias, name):
        self.error(number, alias, _("“%(name)s” lies outside your areas.") % {"name": name})

    def area_named(self, number, alias, name):
        """The one area `name` names — by its exact name, its code or its common short
        name (湘西州) — or None with the row's error, which lists the candidates and says
        how to load the divisions. Every area is read once for the whole file (one
        query), and each distinct name is worked out once."""
        if not name:
            return None
        if not hasattr(self, "_area_names"):
            self._area_names, self._areas_found = AreaNames(), {}
        if name not in self._areas_found:
            area = self._area_names.find(name)
            refusal = "" if area is not None else self._area_names.explain(name)
            self._areas_found[name] = (area, refusal)
        area, refusal = self._areas_found[name]
        if refusal:
            self.error(number, alias, refusal)
        return area

    def check_key(self, number, alias, key):
        """A record's key may stand on one row only."""
        if not key:
            return
        if key in self.keys_seen:
            self.error(
                number, alias, _("Row %(row)s gives the same key.") % {"row": self.keys_seen[key]}
            )
        self.keys_seen.setdefault(key, number)

    def check_references(self, number, alias, names, known, message):
        """Report the names in `names` that are not keys of `known`; return the known ones."""
        missing = [name for name in names if name not in known]
        for name in missing:
            self.error(number, alias, message % {"name": name})
        return [known[name] for name in names if name in known]


class NamedRecords:
    """A table of records known by a unique name (groups, topics, departments, areas):
    loaded once, created in bulk when a file names one that is missing."""

    def __init__(self, model, report, label, *, field="name"):
        self.model, self.report, self.label, self.field = model, report, label, field
        self.by_name = {getattr(obj, field): obj for obj in model.objects.all()}

    def __contains__(self, name):
        return name in self.by_name

    def get(self, name):
        return self.by_name.get(name)

    def ensure(self, names, **defaults):
        """Create the records among `names` that do not exist yet; return them all."""
        missing = [name for name in dict.fromkeys(names) if name not in self.by_name]
        if missing:
            created = self.model.objects.bulk_create(
                [self.model(**{self.field: name}, **defaults) for name in missing]
            )
            for obj in created:  # PostgreSQL and SQLite return the new keys
                self.by_name[getattr(obj, self.field)] = obj
            self.report.new_names[self.label].extend(missing)
        return [self.by_name[name] for name in names]


class Lookup:
    """Records known by a unique key (codes, slugs, refs), fetched once per batch."""

    def __init__(self, model, field, only=None):
        """`only`: the fields read of each record, which is then a named row of its `pk`,
        its key and those, not a model instance (the attendees of a batch of activities
        are some 20,000 people); by default every field, as a model instance."""
        self.model, self.field, self.found = model, field, {}
        self.records = model.objects.order_by()  # read into a dict: no order to sort
        if only is not None:
            self.records = self.records.values_list("pk", field, *only, named=True)

    def load(self, keys):
        """Fetch, in one query, the records among `keys` not fetched yet."""
        missing = {key for key in keys if key and key not in self.found}
        if missing:
            for obj in self.records.filter(**{f"{self.field}__in": missing}):
                self.found[getattr(obj, self.field)] = obj

    def get(self, key):
        return self.found.get(key)

    def __contains__(self, key):
        return key in self.found


@contextmanager
def collector_paused():
    """Import without Python's cyclic garbage collector running by itself. An import
    makes some hundred thousand objects a batch (cells, rows, lookups, history entries):
    the collector ran through them, and all the file's lookups, every few hundred
    allocations, which was four tenths of the Python time of a batch of 2,000
    activities (issue 16). Nothing is promoted while it is paused, so collecting the
    youngest generation after each batch finds all the batch left behind, once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def misfit(field, value):
    """Why `value` (or an item of it) does not fit the model `field`, or ''.

    Checked here so that the report names the row and the column: the database would
    refuse the whole import without naming either (and SQLite would store it anyway).
    """
    for item in value if isinstance(value, list) else [value]:
        if item is None or item == "":
            continue
        if isinstance(item, str) and field.max_length and len(item) > field.max_length:
            return _("“%(start)s…” is %(length)d characters long; at most %(limit)d fit.") % {
                "start": item[:20],
                "length": len(item),
                "limit": field.max_length,
            }
        if isinstance(item, int) and not isinstance(item, bool):
            try:
                field.run_validators(item)  # the range the database's integer column holds
            except ValidationError as error:
                return " ".join(error.messages)
    return ""


def old_and_new(record, values):
    """{field: (old, new)} for the fields of `record` that `values` changes; a foreign key
    is compared (and kept) by its key, so no related record is fetched."""
    changes = {}
    for name, value in values.items():
        field = record._meta.get_field(name)
        if field.is_relation:
            old, value = getattr(record, field.attname), (value.pk if value is not None else None)
        else:
            old = getattr(record, name)
        if old != value:
            changes[name] = (old, value)
    return changes


def differs(record, values):
    """Whether `record` differs from `values`."""
    return bool(old_and_new(record, values))


class Changes:
    """The records a batch creates or changes, keyed as a Lookup keys them.

    `stage(key, values)` finds the record by its key (or makes it), sets the values and
    notes whether it is new, changed (each field old → new) or as it was; `save(fields)`
    writes the new and the changed in two bulk queries and records them in the history
    in a third; `count(report, relinked)` tells the report.

    Records that are reviewed (`activities.review`) are entered by the `importer` as
    they are written: their review goes in the same bulk queries, and its change in the
    history; `enter_relinked` enters those whose links alone changed (two more queries).
    """

    def __init__(self, lookup, key_field, importer=None):
        self.lookup, self.key_field = lookup, key_field
        self.model = lookup.model
        self.new, self.changed, self.seen = [], {}, []
        self.importer = importer if issubclass(self.model, Reviewed) else None

    def stage(self, key, values):
        record = self.lookup.get(key)
        if record is None:
            record = self.model(**{self.key_field: key}, **values)
            self.lookup.found[key] = record
            self.new.append(record)
        elif changes := old_and_new(record, values):
            for field, value in values.items():
                setattr(record, field, value)
            self.changed.setdefault(record, {}).update(changes)
        self.seen.append(record)
        return record

    def save(self, fields):
        if self.importer is not None:
            fields = [*fields, *Reviewed.REVIEW_FIELDS]
            self.enter(self.new)
            for record, changes in self.enter(list(self.changed)).items():
                self.changed[record].update(changes)
        self.model.objects.bulk_create(self.new)
        bulk_update_versioned(self.model, list(self.changed), fields)
        history.log_bulk(self.model, created=self.new, changed=self.changed)

    def enter(self, records):
        """Enter `records` for review: `Importer.enter`."""
        return self.importer.enter(self.model, records)

    def enter_relinked(self, relinked):
        """Enter for review the records whose links (or attendance) alone changed, their
        fields as they were: a change of what counts is reviewed, wherever it lies."""
        if self.importer is None:
            return
        new = set(map(id, self.new))
        records = {
            id(record): record
            for record in self.seen
            if record.pk in relinked and id(record) not in new and record not in self.changed
        }
        records = list(records.values())
        if records:
            changes = self.enter(records)
            bulk_update_versioned(self.model, records, Reviewed.REVIEW_FIELDS)
            history.log_bulk(self.model, changed=changes)

    def count(self, report, relinked=()):
        """Created, updated (its fields or its links) or unchanged, once per record."""
        new = set(map(id, self.new))
        for record in {id(record): record for record in self.seen}.values():
            if id(record) in new:
                outcome = "created"
            elif record in self.changed or record.pk in relinked:
                outcome = "updated"
            else:
                outcome = "unchanged"
            report.count(label(self.model), outcome)


def sync_links(through, owner, target, wanted):
    """Make the many-to-many links of each owner exactly those in `wanted`.

    `wanted` is {owner id: [target id, …]}; `owner` and `target` name the through
    model's two foreign keys. Three queries whatever the number of owners; returns the
    owners whose links changed.
    """
    existing = defaultdict(set)
    for owner_id, target_id in (
        through.objects.filter(**{f"{owner}_id__in": list(wanted)})
        .order_by()
        .values_list(f"{owner}_id", f"{target}_id")
    ):
        existing[owner_id].add(target_id)
    added, removed = [], Q()
    for owner_id, targets in wanted.items():
        targets = set(targets)
        added += [(owner_id, t) for t in targets - existing[owner_id]]
        if existing[owner_id] - targets:
            removed |= Q(**{f"{owner}_id": owner_id,
                            f"{target}_id__in": existing[owner_id] - targets})  # fmt: skip
    insert(through, [owner, target], added)
    if removed:
        through.objects.filter(removed).delete()
    return {owner_id for owner_id, targets in wanted.items() if set(targets) != existing[owner_id]}


def label(model):
    """How a report names a kind of record: the model's plural name, translated."""
    return str(model._meta.verbose_name_plural)
