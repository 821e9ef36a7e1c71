"""The background tasks of the ledgers (django-tasks): checking and importing a file,
writing a large export.

`manage.py db_worker` runs them from the queue in the database; on the immediate backend
(the embedded SQLite's default) they run in the request that enqueues them.
"""

from django_tasks import task

from .models import ExportRecord, ImportRecord


@task()
def run_import(record_id, attempt):
    """Check, or import once confirmed, the file of ImportRecord `record_id`, as its
    attempt `attempt`; the record's status at the end (None: no longer that attempt)."""
    return ImportRecord.run_queued(record_id, attempt)


@task()
def run_export(record_id):
    """Write the file of ExportRecord `record_id`; its status at the end (None: it was
    no longer queued)."""
    return ExportRecord.run_queued(record_id)
