"""The archives' background task (django-tasks): writing a large batch of Word archives.

`manage.py db_worker` runs it from the queue in the database; on the immediate backend
(the embedded SQLite's default) it runs in the request that enqueues it."""

from django_tasks import task


@task()
def write_batch(batch_id):
    """Write the .zip of ArchiveBatch `batch_id`; its status at the end (None: it was no
    longer queued)."""
    from .batches import run_queued

    return run_queued(batch_id)
