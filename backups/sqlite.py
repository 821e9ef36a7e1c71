"""SQLite: a consistent copy through SQLite's online backup API, and the same API back.

The backup API copies the database page by page under SQLite's own locks, so the copy
is consistent while the app keeps running; restoring copies the archive's pages over
the live database in one step, tables the archive lacks included.
"""

import sqlite3
from contextlib import closing

from django.utils.translation import gettext as _

from .archive import DATABASE_FILES, BackupError
from .tables import applied_migrations, row_counts

FILE = DATABASE_FILES["sqlite"]


def describe(connection):
    return _("the SQLite database %(name)s") % {"name": connection.settings_dict["NAME"]}


def check_tools(connection):
    """SQLite needs nothing outside Python."""
    return {}


def user_tables(cursor):
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
    )
    return [name for (name,) in cursor.fetchall()]


def dump(connection, into):
    """Copy the database of the Django `connection` into the folder `into`; the file and
    what it holds ({"tables": counts, "migrations": applied})."""
    connection.ensure_connection()
    target = into / FILE
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        holds = {
            "tables": row_counts(cursor, user_tables(cursor), connection.ops.quote_name),
            "migrations": applied_migrations(cursor),
        }
    return target, {**holds, "engine_details": {"sqlite_version": sqlite3.sqlite_version}}


def check(connection, file, manifest):
    """Refuse a database file that is damaged or holds other counts than its manifest."""
    with closing(read_only(file)) as copy:
        cursor = copy.cursor()
        try:
            cursor.execute("PRAGMA integrity_check")
            verdict = cursor.fetchone()[0]
            counts = row_counts(cursor, user_tables(cursor), connection.ops.quote_name)
        except sqlite3.DatabaseError as error:
            verdict = str(error)
    if verdict != "ok":
        raise BackupError(_("The archive's database is damaged: %(reason)s") % {"reason": verdict})
    if counts != manifest["tables"]:
        raise BackupError(_("The archive's database does not hold the rows its manifest counts."))


def restore(connection, file, manifest):
    """Replace the database of the Django `connection` with the SQLite file `file`."""
    connection.ensure_connection()
    with closing(read_only(file)) as source:
        source.backup(connection.connection)


def read_only(file):
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
