"""What a database holds, as the manifest records it: every table's row count and the
migrations applied. Read through any DB-API cursor, so a backup reads them in the very
snapshot it dumps, and a restore from the database it has just restored."""

from django.db.migrations.loader import MigrationLoader


def row_counts(cursor, tables, quote):
    """{table: rows} for the `tables`, through `cursor`; `quote` quotes a table's name."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor):
    """{app: [migration names]} as the database's django_migrations table records them."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def live_row_counts(connection):
    """{table: rows} of every table of the Django `connection`'s database."""
    with connection.cursor() as cursor:
        # Not SQLite's own statistics (sqlite_stat1: activities/planner.py), which ANALYZE
        # rewrites whenever it runs: they are the planner's, not the office's records.
        tables = [
            table
            for table in connection.introspection.table_names(cursor)
            if not table.startswith("sqlite_")
        ]
        return row_counts(cursor, tables, connection.ops.quote_name)


def unknown_migrations(applied):
    """The migrations in `applied` that this code does not have (the archive is newer)."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(
        f"{app}.{name}" for app, names in applied.items() for name in names
        if (app, name) not in known
    )  # fmt: skip


def pending_migrations(applied):
    """The migrations of this code that `applied` lacks (the archive is older)."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in known if name not in applied.get(app, []))
