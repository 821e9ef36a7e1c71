"""Inserting many rows in a few statements, without a model instance a row.

`bulk_create` makes a model instance of each row and prepares each of its values through
its field: at 25,000 attendance rows and as many history entries, that took five times
what the database took to write them (an import of 2,000 activities, issue 16). An
importer hands `insert()` its rows as tuples of values the database takes as they are
(keys, text, JSON as text), and the values every row shares once, prepared by their
fields. On PostgreSQL the rows go in with COPY (text format): no statement to plan or
parse, where an INSERT of 26,505 rows as arrays spent a fifth of its time planning;
the new keys, when asked for, are taken first from the table's sequence in one query.
Elsewhere one statement per `max_query_params` values. Like `bulk_create` it sends no
signal and runs no `save()`: the callers record what they wrote in the history
themselves.
"""

import contextlib
import io
import itertools
import re
import sqlite3

from django.db import connection

PREPARED_TYPES = {"DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField"}


def insert(model, fields, rows, *, same=None, returning=False):
    """Insert `rows` (tuples of the `fields`' values: keys, text, numbers, dates) into the
    table of `model`, each with the values of `same` ({field: value}, prepared here) and
    the defaults of the fields neither names; the new keys, in the order of `rows`, when
    `returning`."""
    if not rows:
        return []
    opts = model._meta
    same = dict(same or {})
    for field in opts.concrete_fields:  # the others take their defaults, as in bulk_create
        if not field.primary_key and field.name not in fields and field.name not in same:
            same[field.name] = field.get_default()
    columns = [opts.get_field(name) for name in fields]
    shared = [opts.get_field(name) for name in same]
    shared_values = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(shared, same.values(), strict=True)
    ]
    # Values SQLite's driver would not write as Django does (dates, decimals): prepared by
    # their field, row by row. COPY writes them as PostgreSQL reads them (`copy_text`).
    prepared = [
        index
        for index, field in enumerate(columns)
        if field.get_internal_type() in PREPARED_TYPES and connection.vendor != "postgresql"
    ]
    if prepared:
        rows = [list(row) for row in rows]
        for row in rows:
            for index in prepared:
                row[index] = columns[index].get_db_prep_save(row[index], connection)
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in [*columns, *shared])
    start = f"INSERT INTO {quote(opts.db_table)} ({names}) "
    end = f" RETURNING {quote(opts.pk.column)}" if returning else ""
    keys = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = copy(cursor, opts, columns, shared, shared_values, rows, returning)
        else:
            width = len(columns) + len(shared)
            placeholders = "(" + ", ".join(["%s"] * width) + ")"
            per_statement = max(1, most_parameters() // width)
            rows = list(rows)
            for first in range(0, len(rows), per_statement):
                chunk = rows[first : first + per_statement]
                cursor.execute(
                    f"{start}VALUES {', '.join([placeholders] * len(chunk))}{end}",
                    [value for row in chunk for value in (*row, *shared_values)],
                )
                if returning:
                    keys += [key for (key,) in cursor.fetchall()]
    return keys


def most_parameters():
    """The values one statement may carry: SQLite's own limit (32,766 since 3.32) where
    Python can ask it, rather than the 999 Django assumes of every SQLite."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with contextlib.suppress(AttributeError):  # Python before 3.11
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 999


def copy(cursor, opts, columns, shared, shared_values, rows, returning):
    """Write `rows` with COPY (PostgreSQL); their new keys, taken from the table's
    sequence in one query, when `returning`."""
    quote = connection.ops.quote_name
    keys = []
    names = [field.column for field in [*columns, *shared]]
    if returning:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(rows)],
        )
        keys = [key for (key,) in cursor.fetchall()]
        names.insert(0, opts.pk.column)
        rows = [keys, *zip(*rows, strict=True)]
    else:
        rows = list(zip(*rows, strict=True))
    # Column by column: each column's values are of one kind, so most are written by a
    # loop in C (str of keys, text with nothing to escape) rather than value by value.
    text = [column_text(values) for values in rows]
    if shared_values:
        text.append(itertools.repeat("\t".join(map(copy_text, shared_values))))
    buffer = io.StringIO()
    lines = map("\t".join, zip(*text, strict=False))  # the shared values repeat without end
    buffer.writelines(line + "\n" for line in lines)
    buffer.seek(0)
    sql = f"COPY {quote(opts.db_table)} ({', '.join(map(quote, names))}) FROM STDIN"
    # Counted and timed as a query where queries are (the tests, the benchmark).
    logged = getattr(cursor, "debug_sql", None)
    with (
        logged(sql) if logged is not None else contextlib.nullcontext(),
        connection.wrap_database_errors,
    ):
        cursor.cursor.copy_expert(sql, buffer)
    return keys


def column_text(values):
    """The `values` of one column as COPY's text format writes them."""
    kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {str} and not ESCAPED.search("".join(values)):
        return values
    return list(map(copy_text, values))


ESCAPED = re.compile(r"[\\\t\n\r]")
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """`value` as COPY's text format writes it (NULL is \\N)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if type(value) is int:
        return str(value)
    if hasattr(value, "adapted"):  # a JSON value psycopg2 would adapt
        value = value.dumps(value.adapted)
    return str(value).translate(COPY_ESCAPES)
