from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Liaison work")

    def ready(self):
        from .caching import connect_signals

        connect_signals(self.apps)  # a write moves the kept figures' version on
