"""How far a check or an import has gone: rows read, checked, written, of how many.

A run tells a `Progress` its figures as it goes; the progress passes them on at most
about once a second: to the import's record (`RecordProgress`, which the import page
shows and whose time is the run's sign of life) or to a terminal (`TerminalProgress`,
for the commands).

The record's figures must be seen while the import's own transaction is still open (it
commits at the end, all or nothing), so on PostgreSQL they are written through a
connection of their own, committed at once. SQLite has one writer at a time: there the
figures are written only outside the import's transaction (while the file is read, and
at the end), and its record stands at its last figures while it writes.
"""

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q
from django.db.models.sql.constants import NO_RESULTS
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _

FIGURES = ("rows_read", "rows_total", "rows_checked", "rows_written")


class Progress:
    """Figures told as they grow; `show()` is called at most every `every` seconds."""

    every = 1.0

    def __init__(self):
        self.figures = dict.fromkeys(FIGURES, 0)
        self.figures["rows_total"] = None
        self.shown_at = None

    def update(self, **figures):
        self.figures.update(figures)
        now = time.monotonic()
        if self.shown_at is None or now - self.shown_at >= self.every:
            self.shown_at = now
            self.show()

    def add(self, **counts):
        self.update(**{name: self.figures[name] + n for name, n in counts.items()})

    def show(self):
        """Pass the figures on."""

    def close(self):
        """The run has ended."""


class RecordProgress(Progress):
    """Figures written to an ImportRecord row, with the time as its sign of life."""

    def __init__(self, record):
        super().__init__()
        self.model = type(record)
        # Only while this run is the record's: not once retried, or failed as stopped.
        self.mine = Q(pk=record.pk, attempt=record.attempt, status__in=record.RUNNING)
        self.own = None  # PostgreSQL: a connection of its own, committed at once

    def connection(self):
        if connection.vendor == "sqlite":
            # One writer at a time: inside the import's transaction the row cannot be
            # written by another connection, and this one would roll it back with it.
            return None if connection.in_atomic_block else connection
        if self.own is None:
            self.own = connections.create_connection(DEFAULT_DB_ALIAS)
        return self.own

    def show(self):
        target = self.connection()
        if target is None:
            return
        query = UpdateQuery(self.model)
        query.add_update_values({"heartbeat": timezone.now(), **self.figures})
        query.add_q(self.mine)
        query.get_compiler(connection=target).execute_sql(NO_RESULTS)

    def close(self):
        if self.own is not None:
            self.own.close()
            self.own = None


class TerminalProgress(Progress):
    """A bar on a terminal (the commands' stderr), redrawn in place."""

    every = 0.2
    width = 30

    def __init__(self, out):
        super().__init__()
        self.out, self.drawn = out, False

    def line(self):
        figures = self.figures
        total = figures["rows_total"]
        if not total:
            return _("read %(rows)d rows") % {"rows": figures["rows_read"]}
        done = max(figures["rows_checked"], figures["rows_written"])
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        return _("[%(bar)s] %(done)d/%(total)d rows checked, %(written)d written") % {
            "bar": bar,
            "done": figures["rows_checked"],
            "total": total,
            "written": figures["rows_written"],
        }

    def show(self):
        # Plain: a command's stderr would colour it as an error.
        self.out.write("\r" + self.line() + "\033[K", style_func=str, ending="")
        self.out.flush()
        self.drawn = True

    def close(self):
        if self.drawn:
            self.show()
            self.out.write("", style_func=str)  # the bar stays; what follows, below it


class CountingProgress(TerminalProgress):
    """A bar for rows written out (the export command), of a known total."""

    def line(self):
        total, done = self.figures["rows_total"] or 0, self.figures["rows_written"]
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        return _("[%(bar)s] %(done)d/%(total)d rows written") % {
            "bar": bar,
            "done": done,
            "total": total,
        }


class ExportProgress(RecordProgress):
    """Rows written to a background export's file, saved to its ExportRecord with the
    time as its sign of life, through a connection of its own on PostgreSQL as an
    import's are (the records are walked by a server-side cursor meanwhile)."""

    def __init__(self, record):
        Progress.__init__(self)
        self.figures = {"rows_written": 0, "records_total": None}
        self.model = type(record)
        self.mine = Q(pk=record.pk, status=record.Status.RUNNING)  # not once failed
        self.own = None

    def counted(self, rows):
        """The rows, telling the figures as each is handed to the file."""
        for row in rows:
            yield row
            self.add(rows_written=1)
