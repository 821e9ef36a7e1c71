"""Back up the whole office into one archive file: the database and the uploaded files.

The import history points at the ledgers kept under MEDIA_ROOT, so a database dump
alone does not restore an office: this command writes both, with a manifest of what
they hold, into one .tar.gz that `restore` puts back (README, "Backups").
"""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from backups import archive, media
from backups.engines import engine_for, refuse_inside_a_transaction
from backups.tables import live_row_counts


def app_version():
    try:
        return version("lianluo")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def archive_path(output, now):
    """The archive's path: `output`, or a dated name in the folder `output` names (the
    current folder by default), so a scheduled backup keeps one file a run."""
    name = f"lianluo-{now:%Y%m%d-%H%M%S}.tar.gz"
    if output is None:
        return Path.cwd() / name
    output = Path(output)
    return (output / name if output.is_dir() else output).absolute()


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files (MEDIA_ROOT) into one archive (.tar.gz) "
        "that `restore` puts back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="the archive to write, or a folder to write a dated archive in "
            "(default: a dated archive in the current folder)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be backed up; write nothing"
        )

    def handle(self, *args, output, dry_run, **options):
        now = timezone.now()
        target = archive_path(output, now)
        if not target.parent.is_dir():
            raise CommandError(_("There is no folder %(folder)s.") % {"folder": target.parent})
        try:
            engine = engine_for(connection)
            if dry_run:
                self.dry_run(engine, target)
                return
            refuse_inside_a_transaction(connection)
            with TemporaryDirectory(dir=target.parent, prefix=".lianluo-backup-") as work:
                database_file, holds = engine.dump(connection, Path(work))
                # The files after the database: a record in the dump always finds its file
                # (an upload is saved before its record); a newer file is merely extra.
                files = media.files(settings.MEDIA_ROOT)
                manifest = archive.manifest(
                    now, app_version(), connection, database_file, holds, files
                )
                archive.write(target, manifest, database_file, settings.MEDIA_ROOT)
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Backup written to %(file)s (%(size)s): %(database)s, %(rows)d rows in "
                "%(tables)d tables, and %(files)d uploaded files."
            )
            % {
                "file": target,
                "size": megabytes(target.stat().st_size),
                "database": engine.describe(connection),
                "rows": sum(manifest["tables"].values()),
                "tables": len(manifest["tables"]),
                "files": len(files),
            }
        )

    def dry_run(self, engine, target):
        tools = engine.check_tools(connection)
        counts = live_row_counts(connection)
        files = media.files(settings.MEDIA_ROOT)
        self.stdout.write(
            _(
                "Would write %(file)s: %(database)s, %(rows)d rows in %(tables)d tables, and "
                "%(files)d uploaded files (%(size)s) from %(media)s."
            )
            % {
                "file": target,
                "database": engine.describe(connection),
                "rows": sum(counts.values()),
                "tables": len(counts),
                "files": len(files),
                "size": megabytes(sum(item["size"] for item in files)),
                "media": settings.MEDIA_ROOT,
            }
        )
        for tool in tools.values():
            self.stdout.write(_("Dumped with %(tool)s.") % {"tool": tool})
        self.stdout.write(_("Dry run: nothing was written."))


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"
