"""Inserting many rows in a few statements, without a model instance a row.

`bulk_create` makes a model instance of each row and prepares each of its values through
its field: at 25,000 attendance rows and as many history entries, that took five times
what the database took to write them (an import of 2,000 activities, issue 16). An
importer hands `insert()` its rows as tuples of values the database takes as they are
(keys, text, JSON as text), and the values every row shares once, prepared by their
fields. One statement on PostgreSQL (the columns as arrays, UNNEST), one per
`max_query_params` values elsewhere. Like `bulk_create` it sends no signal and runs no
`save()`: the callers record what they wrote in the history themselves.
"""

import contextlib
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
    # Values Python's drivers would not write as Django does (dates on SQLite, decimals):
    # prepared by their field, row by row.
    prepared = [
        index for index, field in enumerate(columns) if field.get_internal_type() in PREPARED_TYPES
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
            # The plan of one statement whatever the number of rows (as bulk_create on
            # PostgreSQL since Django 5.2).
            arrays = ", ".join(f"%s::{db_type(field)}[]" for field in columns)
            constants = "".join(f", %s::{db_type(field)}" for field in shared)
            cursor.execute(
                f"{start}SELECT *{constants} FROM UNNEST({arrays}){end}",
                [*shared_values, *map(list, zip(*rows, strict=True))],
            )
            keys = [key for (key,) in cursor.fetchall()] if returning else []
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


def db_type(field):
    return field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
