"""Restore the whole office from an archive `backup` wrote: the database and the files.

It replaces the configured database and everything under MEDIA_ROOT, so it asks first
(or takes --yes), checks the whole archive before it replaces anything, and afterwards
checks that every table holds as many rows as the manifest counted.
"""

import sys
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from backups import archive, media
from backups.engines import NAMES, engine_for, refuse_inside_a_transaction
from backups.tables import live_row_counts, pending_migrations, unknown_migrations
from lianluo.signals import database_replaced


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files (MEDIA_ROOT) with those of an archive "
        "written by `backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive (.tar.gz) to restore")
        parser.add_argument(
            "--yes", action="store_true", help="replace without asking (for scripts)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the archive and say what it would replace; replace nothing",
        )

    def handle(self, *args, file, yes, dry_run, **options):
        try:
            engine = engine_for(connection)
            manifest = archive.read_manifest(file)
            self.refuse_what_cannot_be_restored(manifest)
            with TemporaryDirectory(prefix="lianluo-restore-") as work:
                archive.extract(file, work)
                database_file = Path(work, manifest["database"]["file"])
                engine.check(connection, database_file, manifest)
                self.stdout.write(self.replacement(engine, manifest))
                if dry_run:
                    self.stdout.write(_("Dry run: the archive is sound; nothing was replaced."))
                    return
                if not yes:
                    self.confirm()
                refuse_inside_a_transaction(connection)
                engine.restore(connection, database_file, manifest)
                database_replaced.send(sender=self.__class__)  # no model signal was sent
                media.replace(settings.MEDIA_ROOT, Path(work, archive.MEDIA), manifest["media"])
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        self.check_restored(manifest)

    def refuse_what_cannot_be_restored(self, manifest):
        engine = manifest["database"]["engine"]
        if engine != connection.vendor:
            raise archive.BackupError(
                _(
                    "This archive holds a %(archive)s database and this site runs on "
                    "%(site)s: restore it on a %(archive)s site. To move the data to "
                    "%(site)s, restore it there, then dumpdata on it and loaddata here "
                    "(README, “Backups”)."
                )
                % {"archive": NAMES[engine], "site": NAMES.get(connection.vendor, "?")}
            )
        if unknown := unknown_migrations(manifest["migrations"]):
            raise archive.BackupError(
                _(
                    "This archive comes from a later version of Lianluo (%(version)s), with "
                    "migrations this code lacks: %(migrations)s. Install that version first."
                )
                % {"version": manifest["app"]["version"], "migrations": ", ".join(unknown)}
            )

    def replacement(self, engine, manifest):
        """What the restore replaces, now and from the archive."""
        counts = live_row_counts(connection)
        files = media.files(settings.MEDIA_ROOT)
        created = localtime(datetime.fromisoformat(manifest["created_at"]))
        return _(
            "This replaces %(database)s (now %(rows)d rows in %(tables)d tables) with the "
            "archive's of %(created)s (%(archive_rows)d rows in %(archive_tables)d tables), "
            "and the %(files)d files in %(media)s with the archive's %(archive_files)d."
        ) % {
            "database": engine.describe(connection),
            "rows": sum(counts.values()),
            "tables": len(counts),
            "created": f"{created:%Y-%m-%d %H:%M}",
            "archive_rows": sum(manifest["tables"].values()),
            "archive_tables": len(manifest["tables"]),
            "files": len(files),
            "media": settings.MEDIA_ROOT,
            "archive_files": len(manifest["media"]),
        }

    def confirm(self):
        refusal = _("Nothing was restored: give --yes to replace them.")
        if not sys.stdin.isatty():
            raise archive.BackupError(refusal)
        if input(_("Type yes to replace them: ")).strip().lower() != "yes":
            raise archive.BackupError(refusal)

    def check_restored(self, manifest):
        counts = live_row_counts(connection)
        tables = [
            table
            for table in sorted(counts.keys() | manifest["tables"].keys())
            if counts.get(table) != manifest["tables"].get(table)
        ]
        files = media.differences(settings.MEDIA_ROOT, manifest["media"])
        if tables or files:
            raise CommandError(
                _("Restored, but it differs from the archive's manifest: %(what)s")
                % {"what": ", ".join(tables + files)}
            )
        self.stdout.write(
            _(
                "Restored: %(rows)d rows in %(tables)d tables and %(files)d uploaded files, "
                "as the manifest counts them."
            )
            % {
                "rows": sum(counts.values()),
                "tables": len(counts),
                "files": len(manifest["media"]),
            }
        )
        if pending := pending_migrations(manifest["migrations"]):
            self.stdout.write(
                _(
                    "The archive is older than this code (%(count)d migrations to apply): "
                    "run `python manage.py migrate`."
                )
                % {"count": len(pending)}
            )
