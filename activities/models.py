"""The work: campaigns, activities and their attendance, problems, outputs, tallies, media."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.urls.converters import SlugConverter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianluo.punctuation import labelled
from lianluo.refusals import Refusals
from representatives.models import AccessQuerySet, Area, Group, Representative

from .rates import percentage
from .review import (
    PERMISSIONS,
    Reviewed,
    ReviewQuerySet,
    counted_q,
    returned_says_why,
    review_queue_index,
    upload_queue_index,
)
from .versioning import Versioned


def ref_is_unique_when_set(model_name):
    """Refs 编号 key the imported ledgers; a record is given one as it is first saved."""
    return models.UniqueConstraint(
        fields=["ref"], condition=~Q(ref=""), name=f"{model_name}_unique_ref"
    )


def generated_ref(model, pk, prefix):
    """The ref 编号 of record `pk` of `model` entered without one: `prefix`-000123, or, in
    the rare case an imported record already has that ref, the first of -2, -3 … free.
    The one scheme of every kind (HD activities, WT problems, CG outputs, BD media)."""
    base = ref = f"{prefix}-{pk:06d}"
    taken = model._base_manager.filter(ref__startswith=base).exclude(pk=pk)
    taken = set(taken.values_list("ref", flat=True))
    n = 1
    while ref in taken:
        n += 1
        ref = f"{base}-{n}"
    return ref


class Referenced(models.Model):
    """A record its ledgers key by a ref 编号, so that an exported list re-imports unchanged:
    one entered by a page or the admin without a ref is given one as it is first saved
    (`generated_ref`); an import's bulk-created records always carry theirs."""

    REF_PREFIX = ""  # each kind's: "HD", "WT", "CG", "BD"

    ref = models.CharField(_("ref"), max_length=40, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.ref:
            self.ref = generated_ref(type(self), self.pk, self.REF_PREFIX)
            type(self)._base_manager.filter(pk=self.pk).update(ref=self.ref)


class Topic(models.Model):
    """A field of work 领域 (乡村振兴, 教育 …), managed by admins."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A provincial department 省直厅局, invited to activities or responsible for problems."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self):
        return self.name


# A campaign's slug stands in its pages' addresses (`<slug:slug>`), so it is held to what
# that converter matches: a slug the URLs cannot take would break every page listing it.
SLUG_IN_URL = rf"\A{SlugConverter.regex}\Z"
SLUG_REFUSAL = _(
    "A slug stands in web addresses: use only the letters a–z and A–Z, digits, “-” and “_”."
)
validate_slug_in_url = RegexValidator(SLUG_IN_URL, SLUG_REFUSAL)


class CampaignQuerySet(AccessQuerySet):
    def visible_to(self, user):
        """Campaigns are the province's: every signed-in user sees them all."""
        return self if user.is_authenticated else self.none()


class Campaign(Versioned):
    """A themed campaign 主题活动 in which enrolled leaders take part in their groups' work."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    plan = models.TextField(_("plan"), blank=True)
    leaders = models.ManyToManyField(
        Representative,
        verbose_name=_("enrolled leaders"),
        related_name="campaigns_enrolled",
        blank=True,
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="campaign_end_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=SLUG_IN_URL),
                name="campaign_slug_in_url",
                violation_error_message=SLUG_REFUSAL,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:campaign-detail", args=[self.slug])

    def period_display(self):
        return f"{date_format(self.start)} – {date_format(self.end)}"

    def covers(self, day):
        return self.start <= day <= self.end

    def refusal_for(self, day):
        """Why an activity on `day` cannot belong to this campaign, or None if it can."""
        if self.covers(day):
            return None
        return _(
            "The date lies outside the campaign “%(campaign)s”, "
            "which runs from %(start)s to %(end)s."
        ) % {
            "campaign": self.title,
            "start": date_format(self.start),
            "end": date_format(self.end),
        }

    def refusals(self, activities_span=None):
        """Why the campaign cannot be saved as it stands: {field: message}, empty when it
        can. `activities_span` is (first, last) date of its activities, when it has any.

        The one statement of these rules: `clean()` (the admin) and the import ask it."""
        if self.start and self.end and self.end < self.start:
            return {"end": _("A campaign cannot end before it starts.")}
        if activities_span and self.start and self.end:
            first, last = activities_span
            if first < self.start or last > self.end:
                return {
                    "start": _(
                        "The campaign already has activities from %(first)s to %(last)s, "
                        "outside this period."
                    )
                    % {"first": date_format(first), "last": date_format(last)}
                }
        return {}

    def clean(self):
        super().clean()
        span = None
        if self.pk:
            dates = self.activities.aggregate(first=models.Min("date"), last=models.Max("date"))
            span = (dates["first"], dates["last"]) if dates["first"] else None
        refusals = self.refusals(span)
        if refusals:
            raise ValidationError(refusals)


class Mode(models.TextChoices):
    """How an activity was organised 活动方式 (the seed bulletin's six ways)."""

    OWN_GROUP = "own_group", _("Own group")
    OWN_UNIT = "own_unit", _("Own group within the electoral unit")
    JOINT_GROUPS = "joint_groups", _("Joint with other groups of the electoral unit")
    CONTACT_POINT = "contact_point", _("At a grassroots contact point")
    CROSS_GROUP = "cross_group", _("Across groups")
    OTHER = "other", _("Other")


class ActivityQuerySet(ReviewQuerySet):
    def for_list(self):
        """What a list row shows: campaign and groups, newest first. Its attendance counts
        are read for the page shown (`count_attendance`): annotated here, every activity's
        attendance would be counted before the page is cut (11 s at province scale)."""
        return self.select_related("campaign").prefetch_related("groups").order_by("-date", "-pk")

    def with_attendance(self):
        """Annotate n_listed (members on the checklist), n_present and n_guests."""
        return self.annotate(**attendance_counts())

    def visible_to(self, user):
        """All activities for an unscoped user; else those of a group in their areas."""
        if Area.objects.sees_whole_province(user):
            return self
        return self.in_areas(Area.objects.visible_to(user))

    def in_areas(self, areas):
        """The activities with a group in one of `areas` (a queryset of areas)."""
        return self.filter(
            Exists(
                Activity.groups.through.objects.filter(
                    activity=OuterRef("pk"), group__area__in=areas
                )
            )
        )


class ActivityRecordQuerySet(AccessQuerySet):
    """Records that hang on an activity (attendance, problems) follow its visibility."""

    def visible_to(self, user):
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(activity__in=Activity.objects.visible_to(user))


class Activity(Refusals, Reviewed, Referenced, Versioned):
    """One event 活动 of one or more groups."""

    REF_PREFIX = "HD"
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.OWN_GROUP)
    groups = models.ManyToManyField(
        Group,
        verbose_name=pgettext_lazy("representative groups", "groups"),
        related_name="activities",
        blank=True,
    )
    leaders = models.ManyToManyField(
        Representative,
        verbose_name=_("lead representatives"),
        related_name="activities_led",
        blank=True,
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="activities", blank=True
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("invited departments"), related_name="activities", blank=True
    )
    accompanied = models.BooleanField(_("accompanied by liaison staff"), default=False)
    summary = models.TextField(pgettext_lazy("activity", "summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # The token of the form that created it: a double submit finds the first activity.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        default_permissions = PERMISSIONS
        constraints = [ref_is_unique_when_set("activity"), returned_says_why("activity")]
        indexes = [
            review_queue_index("activity"),
            upload_queue_index("activity"),
            # Campaign figures count a campaign's activities by mode and by month.
            models.Index(fields=["campaign", "date"], name="activity_campaign_date_idx"),
            # Province overview and lists filter by period.
            models.Index(fields=["date"], name="activity_date_idx"),
            # The overview and the activity list filter by mode within a period.
            models.Index(fields=["mode", "date"], name="activity_mode_date_idx"),
            # The activity list, newest first (-date, -pk): a page's keys are read from
            # this index alone, however deep the page (lianluo/paging.py); and the problem
            # list's walk through the activities by date.
            models.Index(fields=["date", "id"], name="activity_date_pk_idx"),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"  # a date or, before a refresh, its ISO text

    def get_absolute_url(self):
        return reverse("activities:activity-detail", args=[self.pk])

    def attendance_rate(self):
        """Of the members on its checklist, the share present (needs with_attendance())."""
        return percentage(self.n_present, self.n_listed)

    def refusals(self):
        """Why the activity cannot be saved as it stands: {field: message}, empty when it
        can. `clean()` (the form, the admin) and the import ask it."""
        if self.campaign_id and self.date:
            refusal = self.campaign.refusal_for(self.date)
            if refusal:
                return {"date": refusal}
        return {}


class AttendanceQuerySet(ActivityRecordQuerySet):
    def taking_part(self):
        """The attendance that counts as taking part: present, or a guest from another group."""
        return self.filter(status__in=Attendance.TAKING_PART)


def attendance_counts(within=None):
    """Annotations counting the `attendance` rows that `within` keeps: n_listed (the
    members on the checklist: everyone but guests), n_present and n_guests.

    The one definition of an attendance rate's parts (n_present of n_listed), for an
    activity's checklist and for a member's record over many activities alike.
    """
    within = within or Q()
    guest = Q(attendance__status=Attendance.Status.GUEST)
    return {
        "n_listed": Count("attendance", filter=within & ~guest),
        "n_present": Count("attendance", filter=within & Q(attendance__status="present")),
        "n_guests": Count("attendance", filter=within & guest),
    }


def count_attendance(activities):
    """Set n_listed, n_present and n_guests (`attendance_counts`) on each of `activities`
    (a page of a list, already read), in one query."""
    by_pk = {activity.pk: activity for activity in activities}
    counted = Activity.objects.filter(pk__in=by_pk).with_attendance()
    for pk, *counts in counted.values_list("pk", "n_listed", "n_present", "n_guests"):
        by_pk[pk].n_listed, by_pk[pk].n_present, by_pk[pk].n_guests = counts
    return activities


def took_part_where(counting=True, **lookups):
    """A Q: someone took part in an activity, where `lookups` (on `representative` and
    `activity`, e.g. representative=OuterRef("pk"), activity__campaign=campaign) hold.

    Taking part is attending (present, or as a guest: `Attendance.objects.taking_part()`)
    or leading an activity — for the figures, `counting`, of the activities that count
    (`review`: approved); the lists, which show records in every state, ask it of every
    activity. This is the one definition of "took part": the figures, the filters, the
    exports and the representative's page all ask it.
    """
    counts = Activity.counts_when("activity__") if counting else Q()
    attended = Attendance.objects.taking_part().filter(counts, **lookups)
    led = Activity.leaders.through.objects.filter(counts, **lookups)
    return Q(Exists(attended)) | Q(Exists(led))


class Attendance(models.Model):
    """Whether one representative took part in one activity."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")
        GUEST = "guest", _("Guest from another group")

    TAKING_PART = (Status.PRESENT, Status.GUEST)

    # No index of their own (issue 16: each attendance row an import writes keeps fewer):
    # read by activity through attendance_activity_status_idx or the unique (activity,
    # representative), by representative through attendance_rep_status_act_idx.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="attendance",
        db_index=False,  # read through attendance_rep_status_act_idx, which begins with it
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", "representative"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "representative"],
                name="attendance_once_per_activity",
                violation_error_message=_("This representative is already listed."),
            ),
        ]
        indexes = [
            # "Did this person take part in an activity of C?" (`took_part_where`: every
            # figure of a campaign, a group, an area or a deputy), answered with the
            # activity from the index alone: SQLite read each row of the table for it.
            models.Index(
                fields=["representative", "status", "activity"],
                name="attendance_rep_status_act_idx",
            ),
            # Period figures: "how many of this activity's checklist took part?", answered
            # from the index alone (dashboards.period_figures).
            models.Index(fields=["activity", "status"], name="attendance_activity_status_idx"),
        ]

    def __str__(self):
        return f"{self.representative.name}: {self.get_status_display()}"

    @property
    def took_part(self):
        """`Attendance.objects.taking_part()` for one row already read."""
        return self.status in self.TAKING_PART


class ProblemQuerySet(ReviewQuerySet, ActivityRecordQuerySet):
    def still_open(self):
        """Problems not yet closed: collected or in progress."""
        return self.filter(status__in=Problem.STILL_OPEN)

    def counted_by(self, field, overdue_before):
        """One row per value of `field` (e.g. "department__name"): n problems, how many
        raised before `overdue_before` (overdue), and the oldest's date, oldest first."""
        return (
            self.values(field)
            .annotate(
                n=Count("pk"),
                overdue=Count("pk", filter=Q(activity__date__lt=overdue_before)),
                oldest=models.Min("activity__date"),
            )
            .order_by("oldest")
        )

    def raised_where_took_part(self, representative):
        """Problems raised at the activities `representative` led or took part in."""
        return self.filter(
            took_part_where(
                counting=False, activity=OuterRef("activity"), representative=representative
            )
        )


class Problem(Refusals, Reviewed, Referenced, Versioned):
    """A pressing problem 急难愁盼问题 raised at an activity, followed to its resolution."""

    REF_PREFIX = "WT"

    class Status(models.TextChoices):
        OPEN = "open", _("Collected")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        UNRESOLVABLE = "unresolvable", _("Cannot be resolved")

    STILL_OPEN = (Status.OPEN, Status.IN_PROGRESS)

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="problems"
    )
    title = models.CharField(_("problem"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_highlight = models.BooleanField(
        _("highlight for the bulletin"),
        default=False,
        help_text=_("The bulletin's draft tells of the highlighted problems."),
    )

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-pk"]
        default_permissions = PERMISSIONS
        constraints = [
            ref_is_unique_when_set("problem"),
            returned_says_why("problem"),
            models.CheckConstraint(
                condition=~Q(status="unresolvable") | ~Q(note=""),
                name="problem_unresolvable_has_reason",
                violation_error_message=_("Say why the problem cannot be resolved."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(status="resolved"),
                name="problem_resolved_on_only_when_resolved",
                violation_error_message=_("Only a resolved problem has a resolution date."),
            ),
        ]
        indexes = [
            # Open problems per department and area, oldest first.
            models.Index(fields=["status", "department"], name="problem_status_dept_idx"),
            review_queue_index("problem"),
            upload_queue_index("problem"),
            # The problem list (-activity date, -activity, -pk): each activity's problems
            # in order from this index alone, as the list walks the activities by date.
            models.Index(fields=["activity", "id"], name="problem_activity_pk_idx"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def counts_when(cls, prefix=""):
        """A problem counts when it and the activity that raised it do."""
        return counted_q(prefix) & counted_q(f"{prefix}activity__")

    @property
    def is_open(self):
        """`Problem.objects.still_open()` for one problem already read."""
        return self.status in self.STILL_OPEN

    def refusals(self):
        """Why the problem cannot be saved as it stands: {field: message}, empty when it
        can. `clean()` (the admin, a status change) and the import ask it; the database
        holds the first two as constraints."""
        refusals = {}
        if self.status == self.Status.UNRESOLVABLE and not self.note:
            refusals["note"] = _("Say why the problem cannot be resolved.")
        if self.status == self.Status.RESOLVED and not self.outcome.strip():
            refusals["outcome"] = _("Say what came of it: a resolved problem has an outcome.")
        if self.resolved_on and self.status != self.Status.RESOLVED:
            refusals["resolved_on"] = _("Only a resolved problem has a resolution date.")
        elif self.resolved_on and self.activity_id and self.resolved_on < self.activity.date:
            refusals["resolved_on"] = _(
                "A problem cannot be resolved before the activity that raised it."
            )
        return refusals

    def change_refusals(self, to_status, on, note="", outcome=None):
        """Why the problem cannot move to `to_status` on `on` with `note` (and `outcome`,
        None: the one it has): {"to_status" | "changed_on" | "note" | "outcome": message},
        empty when it can (the status form asks it)."""
        refusals = {}
        if to_status == self.status:
            refusals["to_status"] = _("The problem already has this status.")
        if on < self.activity.date:
            refusals["changed_on"] = _(
                "The date cannot be before the activity that raised the problem."
            )
        moved = copy.copy(self)
        moved.take_status(to_status, on, note, outcome)
        for field, message in moved.refusals().items():
            refusals.setdefault({"resolved_on": "changed_on"}.get(field, field), message)
        return refusals

    def step_to(self, to_status, *, on, by=None, note=""):
        """The step of its history (unsaved) that moves the problem from its status to
        `to_status`: `change_status` saves it, an import bulk-creates it."""
        return StatusChange(
            problem=self,
            from_status=self.status,
            to_status=to_status,
            changed_on=on,
            author=by,
            note=note,
        )

    def take_status(self, to_status, on, note="", outcome=None):
        """Set the fields a move to `to_status` on `on` changes (unsaved): `change_status`."""
        self.status = to_status
        self.resolved_on = on if to_status == self.Status.RESOLVED else None
        if to_status == self.Status.UNRESOLVABLE:
            self.note = note
        if outcome is not None:
            self.outcome = outcome

    @staticmethod
    def areas_of(activity_ids):
        """{activity id: area id}: the area a problem raised at each activity lies in, the
        electoral unit of the activity's first group by name (one query)."""
        areas = {}
        for activity_id, area_id in (
            Activity.groups.through.objects.filter(activity_id__in=activity_ids)
            .order_by("activity_id", "group__name", "group_id")
            .values_list("activity_id", "group__area_id")
        ):
            areas.setdefault(activity_id, area_id)
        return areas

    def raising(self, *, by=None, note="", areas=None):
        """Ready this new, unsaved problem to be raised at its activity, and return the
        first step of its history, unsaved.

        The one rule for a new problem, whoever raises it (a page, the admin, an import):
        it lies in the area of its activity's first group unless an area is given, and its
        history begins with its status, on the day it was resolved or else the day of the
        activity, by `by`. `save_as_raised()` saves one; an import bulk-creates many, with
        `areas` read once by `Problem.areas_of()`.
        """
        if self.area_id is None:
            areas = Problem.areas_of([self.activity_id]) if areas is None else areas
            self.area_id = areas.get(self.activity_id)
        return StatusChange(
            problem=self,
            to_status=self.status,
            changed_on=self.resolved_on or self.activity.date,
            author=by,
            note=note,
        )

    @transaction.atomic
    def save_as_raised(self, *, by=None, note=""):
        """Save this new problem with the first step of its history (see `raising`)."""
        first = self.raising(by=by, note=note)
        self.save()
        first.save()
        return first

    @transaction.atomic
    def change_status(self, to_status, *, by=None, on=None, note="", outcome=None):
        """Move the problem to `to_status` and keep the change in its history."""
        on = on or timezone.localdate()
        change = self.step_to(to_status, on=on, by=by, note=note)
        self.take_status(to_status, on, note, outcome)
        self.full_clean()
        self.save()
        change.save()
        return change


class StatusChange(models.Model):
    """One step in a problem's history: who moved it from which status to which, when and why."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("from"), max_length=15, choices=Problem.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=15, choices=Problem.Status.choices)
    changed_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problem_status_changes",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["problem", "changed_on", "recorded_at"]

    def __str__(self):
        return f"{self.problem}: {self.from_status or '—'} → {self.to_status}"


def refusal_of_another_campaign(record):
    """{"activity": why} when `record` (an output, a media report) names a campaign and an
    activity of another campaign; else {}."""
    if (
        record.campaign_id
        and record.activity_id
        and record.activity.campaign_id not in (None, record.campaign_id)
    ):
        return {"activity": _("The activity belongs to another campaign.")}
    return {}


class OutputQuerySet(ReviewQuerySet):
    def of_campaign(self, campaign):
        """The outputs of `campaign` (a campaign, its key or an OuterRef): linked to it, or
        to one of its activities. The one rule: the figures, the dashboards, the outputs
        list's filter and its export all ask it."""
        return self.filter(Q(campaign=campaign) | Q(activity__campaign=campaign))

    def visible_to(self, user):
        """An output follows its activity; one without, the groups of its representatives."""
        if Area.objects.sees_whole_province(user):
            return self
        authors_in_scope = Output.representatives.through.objects.filter(
            output=OuterRef("pk"),
            representative__in=Representative.objects.visible_to(user),
        )
        return self.filter(
            Q(activity__in=Activity.objects.visible_to(user))
            | Q(activity__isnull=True) & Exists(authors_in_scope)
        )


class Output(Refusals, Reviewed, Referenced, Versioned):
    """A research report, suggestion or motion 成果 that came out of the work."""

    REF_PREFIX = "CG"

    class Kind(models.TextChoices):
        RESEARCH_REPORT = "research_report", _("Research report")
        SUGGESTION = "suggestion", _("Suggestion")
        MOTION = "motion", _("Motion")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outputs",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outputs",
    )
    representatives = models.ManyToManyField(
        Representative, verbose_name=_("representatives"), related_name="outputs", blank=True
    )

    objects = OutputQuerySet.as_manager()

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["-date", "-pk"]
        default_permissions = PERMISSIONS
        indexes = [
            # The overview counts the outputs of a period.
            models.Index(fields=["date"], name="output_date_idx"),
            review_queue_index("output"),
            upload_queue_index("output"),
        ]
        constraints = [
            ref_is_unique_when_set("output"),
            returned_says_why("output"),
            models.CheckConstraint(
                condition=Q(campaign__isnull=False) | Q(activity__isnull=False),
                name="output_linked",
                violation_error_message=_("Link the output to a campaign or an activity."),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def counts_when(cls, prefix=""):
        """An output counts when it does and, if it came of an activity, the activity does."""
        return counted_q(prefix) & (
            Q(**{f"{prefix}activity__isnull": True}) | counted_q(f"{prefix}activity__")
        )

    @property
    def of_campaign(self):
        """The campaign the output belongs to (`OutputQuerySet.of_campaign`): its own,
        or else its activity's; None when neither has one."""
        return self.campaign or (self.activity.campaign if self.activity_id else None)

    def refusals(self):
        """Why the output cannot be saved as it stands: {field: message}, empty when it
        can. `clean()` (the form, the admin) and the import ask it."""
        if not self.campaign_id and not self.activity_id:
            return {"campaign": _("Link the output to a campaign or an activity.")}
        return refusal_of_another_campaign(self)


class ContactTallyQuerySet(ReviewQuerySet):
    def visible_to(self, user):
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(area__in=Area.objects.visible_to(user))


class ContactTally(Refusals, Reviewed, Versioned):
    """What an area's congress reports of its deputies' contact with the masses for a period."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="contact_tallies"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_tallies",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    person_times = models.PositiveBigIntegerField(_("person-times of contact"), default=0)
    problems_solved = models.PositiveIntegerField(_("problems solved"), default=0)
    aid_yuan = models.PositiveBigIntegerField(_("aid in materials or funds (yuan)"), default=0)

    objects = ContactTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact tally")
        verbose_name_plural = _("contact tallies")
        ordering = ["-start", "area"]
        default_permissions = PERMISSIONS
        indexes = [review_queue_index("contact_tally"), upload_queue_index("contact_tally")]
        constraints = [
            returned_says_why("contact_tally"),
            models.UniqueConstraint(
                fields=["area", "start", "end"], name="contact_tally_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="contact_tally_end_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.start}–{self.end}"  # dates or, unrefreshed, ISO texts

    def refusals(self):
        """Why the tally cannot be saved as it stands: {field: message}, empty when it can.
        `clean()` (the form, the admin) and the import ask it."""
        if self.start and self.end and self.end < self.start:
            return {"end": _("A period cannot end before it starts.")}
        return {}


class MediaReportQuerySet(ReviewQuerySet):
    def visible_to(self, user):
        """Reports of a whole campaign are for everyone; of an activity, as the activity."""
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(
            Q(activity__isnull=True) | Q(activity__in=Activity.objects.visible_to(user))
        )

    def in_review_reach_of(self, user):
        """A report of a whole campaign lies in no area: reviewers of the whole province
        decide it, not one city's for every other."""
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(activity__in=Activity.objects.visible_to(user))


class MediaReport(Refusals, Reviewed, Referenced, Versioned):
    """A press report 宣传报道 of a campaign or an activity."""

    REF_PREFIX = "BD"

    outlet = models.CharField(_("outlet"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_reports",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_reports",
    )

    objects = MediaReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("media report")
        verbose_name_plural = _("media reports")
        ordering = ["-published_on"]
        default_permissions = PERMISSIONS
        constraints = [ref_is_unique_when_set("media_report"), returned_says_why("media_report")]
        indexes = [review_queue_index("media_report"), upload_queue_index("media_report")]

    def __str__(self):
        return labelled(self.outlet, self.title)

    counts_when = Output.counts_when  # a report of an activity counts with the activity

    def refusals(self):
        """Why the report cannot be saved as it stands: {field: message}, empty when it
        can. `clean()` (the form, the admin) and the import ask it."""
        return refusal_of_another_campaign(self)
