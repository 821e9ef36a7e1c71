"""The database engines a backup knows, by Django's vendor name."""

from django.utils.translation import gettext as _

from . import postgresql, sqlite
from .archive import BackupError

ENGINES = {"postgresql": postgresql, "sqlite": sqlite}
NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def engine_for(connection):
    """The module that dumps and restores the database of the Django `connection`."""
    if connection.vendor not in ENGINES:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(engine)s.")
            % {"engine": connection.display_name}
        )
    return ENGINES[connection.vendor]


def refuse_inside_a_transaction(connection):
    """A dump would miss the open transaction's rows, and a restore would wait on its locks."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup or restore cannot run inside a transaction."))
