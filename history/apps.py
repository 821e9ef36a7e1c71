from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

# The records whose every change is kept, with the many-to-many links auditlog records
# (a link through a model of its own, a group's members, is recorded as that model).
RECORDED = {
    "representatives.Area": [],
    "representatives.Representative": [],
    "representatives.Mandate": [],
    "representatives.Group": [],
    "representatives.Membership": [],
    "representatives.Term": [],
    "representatives.PostHeld": [],
    "activities.Campaign": ["leaders"],
    "activities.Activity": ["groups", "leaders", "topics", "departments"],
    "activities.Attendance": [],
    "activities.Problem": [],
    "activities.StatusChange": [],
    "activities.Output": ["representatives"],
    "activities.ContactTally": [],
    "activities.MediaReport": [],
    "bulletins.Bulletin": [],
    "suggestions.Suggestion": ["co_units"],  # the 交办's co-units, set by its steps
    "suggestions.Deputy": [],
    "suggestions.Step": ["co_units"],
    "archives.Duty": ["representatives"],
    "archives.PointsTable": [],
    "archives.Weight": [],
    "auth.User": ["groups", "user_permissions"],  # the roles are Django groups
    "accounts.Profile": ["areas"],  # the areas in a staff member's scope
}
# Fields that only say a record was saved or used, or when a review step was taken (the
# entry has its own time; the state, who and why are recorded).
UNRECORDED = ["version", "last_login", "submitted_at", "reviewed_at", "approved_at"]


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("History")

    def ready(self):
        from auditlog.models import LogEntry
        from auditlog.registry import auditlog
        from django.apps import apps

        for label, m2m_fields in RECORDED.items():
            auditlog.register(
                apps.get_model(label),
                m2m_fields=set(m2m_fields),
                # The version only says the record was saved; the password is a hash.
                exclude_fields=UNRECORDED,
                mask_fields=["password"],  # a hash, but no one needs to read even that
            )
        pre_save.connect(by_shell_unless_told, sender=LogEntry, dispatch_uid="history-shell")


def by_shell_unless_told(sender, instance, **kwargs):
    """A write no request or import told the path of was made from a shell or a command
    (`recording()` and the middleware, when they are around, replace this afterwards)."""
    from lianluo.history import SHELL

    if not (instance.additional_data or {}).get("path"):
        instance.additional_data = {**(instance.additional_data or {}), "path": SHELL}
