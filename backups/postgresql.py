"""PostgreSQL: pg_dump's custom format, dumped in the very snapshot the manifest's row
counts are read in, and pg_restore in a single transaction (all or nothing).

pg_dump and pg_restore are taken from the folder PG_BIN names, else from PATH, and must
be at least the server's major version. They connect as settings.DATABASES says; the
password goes through PGPASSWORD, never the command line, which anyone on the machine
can read.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .archive import DATABASE_FILES, BackupError
from .tables import applied_migrations, row_counts

FILE = DATABASE_FILES["postgresql"]

# A restore waits this long for a table another session holds (a running app server),
# then gives up having changed nothing, rather than hang.
LOCK_TIMEOUT = "30s"

# The libpq settings a DATABASE_URL may carry in OPTIONS, by the variable libpq reads.
LIBPQ_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def describe(connection):
    params = connection.settings_dict
    return _("the PostgreSQL database %(name)s on %(host)s:%(port)s") % {
        "name": params["NAME"],
        "host": params["HOST"] or "localhost",
        "port": params["PORT"] or 5432,
    }


def server_major(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def major(version):
    """15 from `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`; 0 if none."""
    match = re.search(r"\b(\d+)\.\d+", version)
    return int(match.group(1)) if match else 0


def tool(name, at_least):
    """(path, version) of the PostgreSQL program `name`, of major version `at_least` or later."""
    folder = settings.PG_BIN
    path = shutil.which(name, path=folder) if folder else shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s was not found: install PostgreSQL %(version)s's client programs "
                "or set PG_BIN to their folder."
            )
            % {"tool": name, "version": at_least}
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
    if major(version) < at_least:
        raise BackupError(
            _(
                "%(path)s is %(found)s; PostgreSQL %(version)s needs version %(version)s or "
                "later: install it or set PG_BIN to its folder."
            )
            % {"path": path, "found": version or "?", "version": at_least}
        )
    return path, version


def check_tools(connection):
    """What the backup would run, refused now if it is missing or too old."""
    return {"pg_dump": tool("pg_dump", server_major(connection))[1]}


def arguments(connection):
    params = connection.settings_dict
    options = [
        f"{flag}={params[key]}"
        for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]
        if params.get(key)
    ]
    return [*options, "--no-password", f"--dbname={params['NAME']}"]


def environment(connection, **extra):
    params = connection.settings_dict
    env = {**os.environ, **extra}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    for option, variable in LIBPQ_VARIABLES.items():
        if option in params.get("OPTIONS", {}):
            env[variable] = str(params["OPTIONS"][option])
    return env


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": result.stderr.strip()}
        )
    return result.stdout


def dump(connection, into):
    """Dump the database of the Django `connection` into the folder `into`; the file and
    what it holds ({"tables": counts, "migrations": applied}), read in the dump's snapshot
    so they agree even while the app keeps writing."""
    pg_dump, version = tool("pg_dump", server_major(connection))
    target = into / FILE
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        command = [pg_dump, "--format=custom", "--compress=0", f"--snapshot={snapshot}"]
        run([*command, f"--file={target}", *arguments(connection)], environment(connection))
        tables = connection.introspection.table_names(cursor)
        holds = {
            "tables": row_counts(cursor, tables, connection.ops.quote_name),
            "migrations": applied_migrations(cursor),
        }
    details = {"server_version": server_version, "pg_dump": version}
    return target, {**holds, "engine_details": details}


def check(connection, file, manifest):
    """Refuse a dump pg_restore cannot read."""
    pg_restore, _version = tool("pg_restore", major(manifest["database"]["pg_dump"]))
    run([pg_restore, "--list", str(file)], environment(connection))


def restore(connection, file, manifest):
    """Replace the database of the Django `connection` with the dump `file`."""
    at_least = max(server_major(connection), major(manifest["database"]["pg_dump"]))
    pg_restore, _version = tool("pg_restore", at_least)
    drop_tables_the_archive_lacks(connection, manifest["tables"])
    connection.close()  # pg_restore drops the tables: no session of ours may hold one
    options = f"{os.environ.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
    command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl"]
    run(
        [*command, "--single-transaction", *arguments(connection), str(file)],
        environment(connection, PGOPTIONS=options),
    )


def drop_tables_the_archive_lacks(connection, tables):
    """Drop the tables a later version of the app added since the backup: pg_restore
    would leave them (and `migrate` then fail to create them), or fail to drop a table
    they point at. Their rows are what a restore of that archive replaces anyway."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names(cursor)) - set(tables)):
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)} CASCADE")
