"""What a deputy's archive 履职档案 adds to the records of the work: the duties recorded
outside the groups' activities (sessions, inspections, training, reporting to voters,
commendations) and the tables of points 履职积分 an office may weigh them by.

The archive itself (`figures.py`) is computed from the records, never stored: a duty, an
attendance or a weight changed today changes every archive that reads it."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Referenced, ref_is_unique_when_set
from activities.review import (
    PERMISSIONS,
    Reviewed,
    ReviewQuerySet,
    returned_says_why,
    review_queue_index,
    upload_queue_index,
)
from activities.versioning import Versioned
from lianluo.refusals import Refusals
from representatives.models import Area, Group, Representative


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
            upload_queue_index("duty"),
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


class ArchiveBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The batches `user` may read: those they asked for, and every one for a user of
        the whole province. A batch is written as its requester may read the records
        (another area's withheld from staff of some areas), so it is theirs: a colleague
        asks for their own."""
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(requested_by=user)


class ArchiveBatch(models.Model):
    """A group's or an area's archives for a period as one .zip of Word files, too many
    to write in the request: written by a background task (batches.py), then downloaded
    from its page. The deputies are chosen when it is written, as its requester's scope
    stands then."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="archive_batches",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, null=True, blank=True
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    # What the files call the period (2021年, 第十三届 …), in the language they are written in.
    label = models.CharField(_("period"), max_length=300)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    deputies = models.PositiveIntegerField(_("deputies"), default=0)
    # Private (MEDIA is never served): downloaded through its page.
    file = models.FileField(_("file"), upload_to="archive-batches/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)

    objects = ArchiveBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch of archives")
        verbose_name_plural = _("batches of archives")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=True, area__isnull=False)
                | Q(group__isnull=False, area__isnull=True),
                name="archive_batch_of_a_group_or_an_area",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="archive_batch_status_known",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="archive_batch_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False),
                name="archive_batch_done_has_finished_at",
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("archives:batch", args=[self.pk])

    @property
    def scope(self):
        return self.group or self.area

    @property
    def in_progress(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
