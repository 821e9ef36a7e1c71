"""What a deputy's archive 履职档案 adds to the records of the work: the duties recorded
outside the groups' activities (sessions, inspections, training, reporting to voters,
commendations) and the tables of points 履职积分 an office may weigh them by.

The archive itself (`figures.py`) is computed from the records, never stored: a duty, an
attendance or a weight changed today changes every archive that reads it."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Referenced, ref_is_unique_when_set
from activities.review import (
    PERMISSIONS,
    Reviewed,
    ReviewQuerySet,
    returned_says_why,
    review_queue_index,
)
from activities.versioning import Versioned
from lianluo.refusals import Refusals
from representatives.models import Area, Representative


class DutyQuerySet(ReviewQuerySet):
    def visible_to(self, user):
        """A duty is seen by whoever sees one of its representatives."""
        if Area.objects.sees_whole_province(user):
            return self
        in_scope = Duty.representatives.through.objects.filter(
            duty=OuterRef("pk"), representative__in=Representative.objects.visible_to(user)
        )
        return self.filter(Exists(in_scope))

    def of_part(self, part):
        """The duties of one part of the archive (`Duty.PARTS`)."""
        return self.filter(kind__in=Duty.PARTS[part])


class Duty(Refusals, Reviewed, Referenced, Versioned):
    """A duty 履职 a deputy performed outside the groups' activities, as the office records
    it by form or ledger: with its date and its source (the notice, the sign-in sheet, the
    commending body), so that the archive says where each line comes from."""

    REF_PREFIX = "LZ"

    class Kind(models.TextChoices):
        SESSION = "session", _("Congress session")  # 出席人代会
        STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting attended")
        INSPECTION = "inspection", _("Inspection")  # 视察
        RESEARCH = "research", pgettext_lazy("a kind of duty", "Research")  # 调研
        TRAINING = "training", _("Study and training")  # 学习培训
        VOTER_REPORT = "voter_report", _("Report to voters")  # 向选民述职
        COMMENDATION = "commendation", _("Commendation")  # 表彰奖励

    # The parts of the archive (一人一档) the kinds of duty fall in; the archive's other
    # parts (basic facts, the groups' activities, suggestions) come from their own records.
    PARTS = {
        "meetings": (Kind.SESSION, Kind.STANDING_COMMITTEE),
        "inspections": (Kind.INSPECTION, Kind.RESEARCH),
        "training": (Kind.TRAINING,),
        "voter_reports": (Kind.VOTER_REPORT,),
        "commendations": (Kind.COMMENDATION,),
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the office has it from: a notice, a sign-in sheet, the commending body."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    representatives = models.ManyToManyField(
        Representative, verbose_name=_("representatives"), related_name="duties"
    )

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["-date", "-pk"]
        default_permissions = PERMISSIONS
        indexes = [
            # The archive reads a period's duties of each kind.
            models.Index(fields=["kind", "date"], name="duty_kind_date_idx"),
            review_queue_index("duty"),
        ]
        constraints = [
            ref_is_unique_when_set("duty"),
            returned_says_why("duty"),
        ]

    def __str__(self):
        return self.title

    def refusals(self):
        return {}


class PointsTableQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The table in force on `day`: the latest one starting on or before it."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class PointsTable(models.Model):
    """A table of points 履职积分 per item of the archive, in force from its date until the
    next table's: a change of weights from a date is a new table, so the points of the
    periods before it stay as they were; a table corrected in place recomputes the points
    of the records it covers. An office with no table shows no points."""

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("in force from"), unique=True)

    objects = PointsTableQuerySet.as_manager()

    class Meta:
        verbose_name = _("table of points")
        verbose_name_plural = _("tables of points")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name


class Item(models.TextChoices):
    """What the archive counts and a table of points weighs, one line each."""

    ATTENDED = "attended", _("Group activity attended")
    LED = "led", _("Activity led")
    GUEST = "guest", _("Activity of another group attended as a guest")
    PROBLEM_RAISED = "problem_raised", _("Problem raised")
    PROBLEM_RESOLVED = "problem_resolved", _("Problem raised and resolved")
    SUGGESTION_LED = "suggestion_led", _("Suggestion put as lead deputy")
    SUGGESTION_SECONDED = "suggestion_seconded", _("Suggestion seconded")
    OUTPUT = "output", _("Output (research report, motion …)")
    SESSION = Duty.Kind.SESSION.value, Duty.Kind.SESSION.label
    STANDING_COMMITTEE = Duty.Kind.STANDING_COMMITTEE.value, Duty.Kind.STANDING_COMMITTEE.label
    INSPECTION = Duty.Kind.INSPECTION.value, Duty.Kind.INSPECTION.label
    RESEARCH = Duty.Kind.RESEARCH.value, Duty.Kind.RESEARCH.label
    TRAINING = Duty.Kind.TRAINING.value, Duty.Kind.TRAINING.label
    VOTER_REPORT = Duty.Kind.VOTER_REPORT.value, Duty.Kind.VOTER_REPORT.label
    COMMENDATION = Duty.Kind.COMMENDATION.value, Duty.Kind.COMMENDATION.label


class Weight(models.Model):
    """The points one item of the archive is worth under one table."""

    table = models.ForeignKey(
        PointsTable,
        verbose_name=_("table of points"),
        on_delete=models.CASCADE,
        related_name="weights",
    )
    item = models.CharField(_("item"), max_length=30, choices=Item.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        ordering = ["table", "item"]
        constraints = [
            models.UniqueConstraint(fields=["table", "item"], name="weight_one_per_item"),
        ]

    def __str__(self):
        return f"{self.get_item_display()}: {self.points}"
