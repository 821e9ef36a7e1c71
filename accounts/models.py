"""Who a user is in the office: a role (a Django group) and, for liaison staff, their areas."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from representatives.models import Area


class Role(models.TextChoices):
    """The four roles; each is a Django group of this name, created by a data migration.

    Reviewers 审核人 read what leaders read and approve or return the records of their
    areas (`activities.review`); a user may hold two roles, liaison staff and reviewer."""

    ADMIN = "admins", _("Admins")
    STAFF = "liaison_staff", _("Liaison staff")
    LEADER = "leaders", _("Leaders")
    REVIEWER = "reviewers", _("Reviewers")
    # 承办单位: a department's users, who handle the suggestions given to their department
    # (Profile.department) and see nothing else of the app (accounts.middleware).
    UNIT = "units", _("Handling units")


def role_label(group):
    """A role (a Django group named by `Role`) as the office calls it: 联络工作人员, not
    liaison_staff; a group made by hand keeps its own name."""
    try:
        return str(Role(group.name).label)
    except ValueError:
        return group.name


class Profile(models.Model):
    """The areas a liaison staff member works for (none means the whole province); the
    department a user of the role 承办单位 handles suggestions for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas in scope"), related_name="staff_profiles", blank=True
    )
    # For a user of the role 承办单位: the department whose suggestions they handle.
    department = models.ForeignKey(
        "activities.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user_profiles",
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
