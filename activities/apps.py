from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Liaison work")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .caching import connect_signals
        from .planner import statistics_when_none

        connect_signals(self.apps)  # a write moves the kept figures' version on
        connection_created.connect(statistics_when_none)
