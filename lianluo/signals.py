"""Signals between apps that may not import each other (tests/test_layout.py)."""

from django.dispatch import Signal

# Sent once the database's tables were replaced wholesale, outside the ORM (a restore:
# backups): whatever was kept from the old rows (activities/caching.py) is stale.
database_replaced = Signal()
