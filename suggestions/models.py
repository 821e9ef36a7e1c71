"""Deputies' suggestions 代表建议 and their handling: 交办 → 办理 → 答复 → 评价.

A `Suggestion` is put by its deputies (one 领衔 lead, any 附议 seconders: `Deputy`), is
交办 by the office to one lead unit 主办 and any co-units 协办 (departments), and moves
through its cycle by the domain methods below, each of which appends one dated, authored
`Step` to its timeline and sets the suggestion's `status` in the same transaction:

    received 待交办 ─assign→ assigned 办理中 ─reply→ answered 已答复 ─rate→ closed 办结
                        │  ↑                           │ 不满意
                  return_│  │reassign                  └────────→ rehandling 再次办理 ─reply→ …
                        ↓  │
                     returned 已退回          close (the office, with a reason): → closed

The domain API (what pages, the imports and the demo call; each step refuses an invalid
move with `ValidationError({field: message})` — "status", "on", "reason", "lead_unit",
"co_units", "department", "deadline", "form", "text", "reply_class", "rating", "comment"
— and then writes nothing; `on` is the step's date, today when not given, never before
the latest step nor in the future; `by` the user who records it):

    Suggestion.from_problem(problem, number=…, year=…, submitted_on=…)   # unsaved
    suggestion.save_with_deputies(lead, seconders, by=…)   # create or change the record
    suggestion.assign(lead_unit, co_units, on=…, by=…)
    suggestion.return_(department, reason, on=…, by=…)      # within N working days
    suggestion.reassign(lead_unit, co_units, on=…, by=…, note=…)
    suggestion.change_deadline(deadline, reason, on=…, by=…)
    suggestion.record_contact(form, on=…, by=…, department=…, note=…)
    suggestion.send_opinion(department, text, on=…, by=…)   # a co-unit to the lead unit
    suggestion.reply(reply_class, text, on=…, by=…, document=…)
    suggestion.rate(rating, comment, on=…, by=…)
    suggestion.close(reason, on=…, by=…)
    suggestion.timeline()        # its steps in order, with author and units
    suggestion.handled_by(department), suggestion.lead_deputy, suggestion.number_display
    Suggestion.objects.visible_to(user) / .editable_by(user) / .for_department(department)
    / .awaiting_reply() / .overdue(today) / .due_by(day) / .with_latest() / .counted()

A rating 满意 or 基本满意 closes the suggestion (办结) by itself: the rating step's
`to_status` is closed; a `closed` step is the office's closing, with its reason.

Review: a suggestion is `Reviewed` like every record of the work: entered or changed by a
person (a page, the admin, an upload) it awaits a reviewer, and the figures
(`figures.py`) count it only once approved — the answer and satisfaction rates a leader
reads are of checked records, as every other figure. Its timeline steps are not reviewed
one by one: they are acts of the office and of the departments (a unit's reply is that
unit's official answer, not a liaison officer's entry to check), kept append-only and in
the history; a step never changes the suggestion's review state.

The campaign figures' output kind 代表建议: a suggestion of a campaign or an activity has
its `Output` (kind SUGGESTION), created or kept in step by `save_with_deputies` with the
suggestion's title, date, campaign, activity, deputies and review state — so the
campaign figures, which count outputs, count the same things as before, whether a
suggestion was entered as an output (an existing one may be linked: `output=`) or here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    Campaign,
    Department,
    Output,
    Problem,
    Topic,
    refusal_of_another_campaign,
)
from activities.review import (
    PERMISSIONS,
    Review,
    Reviewed,
    ReviewQuerySet,
    returned_says_why,
    review_queue_index,
    upload_queue_index,
)
from activities.versioning import Versioned
from lianluo.refusals import Refusals
from representatives.models import Area, Mandate, Representative

from .deadlines import deadline_for, return_window, working_days_after


class Status(models.TextChoices):
    """Where a suggestion stands in its cycle (stored, set with each step)."""

    RECEIVED = "received", _("Awaiting assignment")
    ASSIGNED = "assigned", _("Being handled")
    RETURNED = "returned", _("Returned by the unit")
    ANSWERED = "answered", _("Answered")
    REHANDLING = "rehandling", _("Being handled again")
    CLOSED = "closed", _("Closed")


# The states in which a unit owes a reply.
AWAITING_REPLY = (Status.ASSIGNED, Status.REHANDLING)
# The states in which the suggestion is with its units (交办 and not closed or returned).
WITH_UNITS = (Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING)


class ReplyClass(models.TextChoices):
    """The class of a reply 答复类别 (the national platform's A/B/C/D)."""

    A = "A", _("A: the problem has been or is basically solved")
    B = "B", _("B: being solved or planned to be solved step by step")
    C = "C", _("C: to be solved later, as conditions allow")
    D = "D", _("D: kept for reference")


class Rating(models.TextChoices):
    """The deputies' rating of a reply 评价."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ContactForm(models.TextChoices):
    """How a unit contacted the deputies 沟通方式."""

    IN_PERSON = "in_person", _("Face-to-face consultation")
    PHONE = "phone", _("Telephone")
    MEETING = "meeting", _("Forum")
    WRITTEN = "written", _("In writing")


# The permission of the role 承办单位 (accounts.Role.UNIT): a department's users, who see
# and act on the suggestions their department handles, and nothing else of the app.
HANDLE = "suggestions.handle_suggestion"


def unit_of(user):
    """The department `user` answers for as a user of the role 承办单位, or None: for the
    office (who reads suggestions, `view_suggestion`) and for a unit user whose profile
    names no department (they see no suggestion)."""
    if not user.is_authenticated or user.has_perm("suggestions.view_suggestion"):
        return None
    if not user.has_perm(HANDLE):
        return None
    profile = getattr(user, "profile", None)
    return profile.department if profile is not None else None


def is_unit_user(user):
    """Whether `user` is a department user 承办单位 (and not of the office as well)."""
    return (
        user is not None
        and user.is_authenticated
        and user.has_perm(HANDLE)
        and not user.has_perm("suggestions.view_suggestion")
    )


class SuggestionQuerySet(ReviewQuerySet):
    def visible_to(self, user):
        """The one lookup of every suggestion page. A department user 承办单位 sees the
        suggestions their department handles now (lead unit or co-unit: `for_department`),
        nothing else. Every suggestion for a user of the whole province; for staff of some areas,
        those whose lead deputy 领衔代表 is (or was) a member of a group in their areas —
        the same people `Representative.objects.visible_to` gives them. The lead deputy
        answers for the suggestion and is whom its area's office follows up with;
        seconders from elsewhere do not bring it into another area's lists."""
        if is_unit_user(user):
            department = unit_of(user)
            return self.for_department(department) if department else self.none()
        if Area.objects.sees_whole_province(user):
            return self
        led_in_scope = Deputy.objects.filter(
            suggestion=OuterRef("pk"),
            is_lead=True,
            representative__in=Representative.objects.visible_to(user),
        )
        return self.filter(Exists(led_in_scope))

    def handled_by_unit_of(self, user):
        """The suggestions a department user may act on (return, contact, opinion,
        reply): those they see, and none for anybody else."""
        return self.visible_to(user) if is_unit_user(user) else self.none()

    def for_department(self, department):
        """The suggestions `department` handles now, as lead unit or co-unit (a unit's
        inbox; a returned suggestion has left it)."""
        co_unit = Suggestion.co_units.through.objects.filter(
            suggestion=OuterRef("pk"), department=department
        )
        return self.filter(Q(lead_unit=department) | Exists(co_unit))

    def awaiting_reply(self):
        """Those whose units owe a reply (assigned, or sent back for 再次办理)."""
        return self.filter(status__in=AWAITING_REPLY)

    def due_by(self, day):
        """Those awaiting a reply whose deadline falls on or before `day` (nearly due:
        due_by(today + timedelta(days=14)))."""
        return self.awaiting_reply().filter(deadline__lte=day)

    def overdue(self, today):
        """Those awaiting a reply whose deadline has passed on `today`."""
        return self.awaiting_reply().filter(deadline__lt=today)

    def with_latest(self):
        """Annotate what the figures, the ledger and the lists read of each timeline:
        `first_reply_on`, the latest reply's `latest_reply_on` and `latest_class`, the
        latest rating's `latest_rating`, and `rehandled` (rated 不满意, then answered
        again). "Latest" is by date, then by the order the steps were recorded in."""
        steps = Step.objects.filter(suggestion=OuterRef("pk"))
        replies = steps.filter(kind=Step.Kind.REPLY)
        ratings = steps.filter(kind=Step.Kind.RATING)
        answered_after = Step.objects.filter(
            suggestion=OuterRef("suggestion"), kind=Step.Kind.REPLY, pk__gt=OuterRef("pk")
        )
        latest_reply = replies.order_by("-on", "-pk")
        return self.annotate(
            first_reply_on=Subquery(replies.order_by("on", "pk").values("on")[:1]),
            latest_reply_on=Subquery(latest_reply.values("on")[:1]),
            latest_class=Subquery(latest_reply.values("reply_class")[:1]),
            latest_rating=Subquery(ratings.order_by("-on", "-pk").values("rating")[:1]),
            rehandled=Exists(ratings.filter(Exists(answered_after), rating=Rating.DISSATISFIED)),
        )


class Suggestion(Refusals, Reviewed, Versioned):
    """A deputies' suggestion 代表建议 (建议、批评和意见) and where its handling stands."""

    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(
        _("level"), max_length=10, choices=Mandate.Level.choices, default=Mandate.Level.PROVINCIAL
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    submitted_on = models.DateField(_("submitted on"))
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    complex = models.BooleanField(
        _("complex"), default=False, help_text=_("Six months to reply instead of three.")
    )
    deputies = models.ManyToManyField(
        Representative,
        through="Deputy",
        verbose_name=_("deputies"),
        related_name="suggestions",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    # The campaign figures' output 代表建议 this suggestion is (see the module).
    output = models.OneToOneField(
        Output,
        verbose_name=_("output"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestion",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, editable=False
    )
    # The 交办 in force (set by the steps, never typed): none while received or returned.
    lead_unit = models.ForeignKey(
        Department,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions_led",
        editable=False,
    )
    co_units = models.ManyToManyField(
        Department,
        verbose_name=_("co-units"),
        related_name="suggestions_assisted",
        blank=True,
        editable=False,
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-year", "level", "number"]
        default_permissions = PERMISSIONS
        permissions = [("handle_suggestion", _("Can handle suggestions as a unit"))]
        constraints = [
            returned_says_why("suggestion"),
            models.UniqueConstraint(
                fields=["year", "level", "number"],
                name="suggestion_unique_number",
                violation_error_message=_(
                    "A suggestion of this year and level already has this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="suggestion_number_positive",
                violation_error_message=_("A suggestion's number starts at 1."),
            ),
            # A 交办 is whole: a lead unit, a date and a deadline, or none of them.
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=True, assigned_on__isnull=True, deadline__isnull=True)
                | Q(lead_unit__isnull=False, assigned_on__isnull=False, deadline__isnull=False),
                name="suggestion_assignment_whole",
            ),
            # With its units while assigned, answered or rehandled; with none before 交办
            # and once returned; a closed one keeps the 交办 it had, if any.
            models.CheckConstraint(
                condition=Q(status__in=["received", "returned"], lead_unit__isnull=True)
                | Q(status__in=["assigned", "answered", "rehandling"], lead_unit__isnull=False)
                | Q(status="closed"),
                name="suggestion_status_matches_assignment",
            ),
            models.CheckConstraint(
                condition=Q(assigned_on__isnull=True)
                | Q(assigned_on__gte=models.F("submitted_on")),
                name="suggestion_assigned_after_submitted",
                violation_error_message=_("A suggestion cannot be assigned before it was put."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("assigned_on")),
                name="suggestion_deadline_after_assigned",
                violation_error_message=_("The deadline cannot be before the assignment."),
            ),
        ]
        indexes = [
            review_queue_index("suggestion"),
            upload_queue_index("suggestion"),
            # The figures and the dashboard read the suggestions 交办 in a period.
            models.Index(fields=["assigned_on"], name="suggestion_assigned_on_idx"),
            # A unit's inbox and the overdue lists.
            models.Index(fields=["lead_unit", "status"], name="suggestion_lead_unit_idx"),
            models.Index(fields=["status", "deadline"], name="suggestion_due_idx"),
        ]

    def __str__(self):
        return f"{self.number_display} {self.title}"

    @property
    def number_display(self):
        """The number as the office writes it: 第0123号."""
        return _("No. %(number)s") % {"number": f"{self.number:04d}"}

    # The record ------------------------------------------------------------------

    def refusals(self):
        """Why the suggestion cannot be saved as it stands: {field: message}, empty when
        it can. `clean()` (forms, the admin) and the import ask it."""
        refusals = dict(refusal_of_another_campaign(self))
        if self.problem_id and self.activity_id and self.problem.activity_id != self.activity_id:
            refusals["problem"] = _("The problem was raised at another activity.")
        if self.output_id and self.output.kind != Output.Kind.SUGGESTION:
            refusals["output"] = _("Only an output of the kind suggestion can be linked.")
        if self.submitted_on and self.assigned_on and self.assigned_on < self.submitted_on:
            refusals["submitted_on"] = _("A suggestion cannot be assigned before it was put.")
        return refusals

    @staticmethod
    def deputies_refusals(lead, seconders):
        """Why `lead` and `seconders` cannot put a suggestion: {"deputies": message}."""
        if lead is None:
            return {"deputies": _("A suggestion has one lead deputy.")}
        if lead in seconders:
            return {"deputies": _("The lead deputy cannot also second the suggestion.")}
        if len(set(seconders)) != len(seconders):
            return {"deputies": _("A deputy seconds a suggestion once.")}
        return {}

    @classmethod
    def from_problem(cls, problem, **fields):
        """A new, unsaved suggestion made of `problem` (raised at an activity): its title,
        detail, topic, activity and campaign, keeping the link. Save it with
        `save_with_deputies`."""
        activity = problem.activity
        return cls(
            problem=problem,
            activity=activity,
            campaign=activity.campaign,
            title=problem.title,
            text=problem.detail,
            topic=problem.topic,
            **fields,
        )

    @transaction.atomic
    def save_with_deputies(self, lead, seconders=(), *, by=None):
        """Save the suggestion (new or changed) with its deputies, one `lead` and the
        `seconders` (replacing those it had), and keep its output in step: all or nothing.

        Exactly one lead: the database holds "at most one" (a constraint) and this, the one
        way deputies are written, holds "at least one". The 交办 (units, date, deadline,
        status) is not changed here: marking a suggestion complex after 交办 moves no
        deadline, `change_deadline` does, with its reason. Who enters it says how it stands
        in review before (`enter()` / `submit()` on the record, as for every kind); this
        does not touch the review state.
        """
        seconders = list(seconders)
        refusals = {**self.deputies_refusals(lead, seconders)}
        try:
            self.full_clean()
        except ValidationError as error:
            refusals = {**error.message_dict, **refusals}
        if refusals:
            raise ValidationError(refusals)
        self.save()
        self.deputy_rows.all().delete()
        Deputy.objects.bulk_create(
            [Deputy(suggestion=self, representative=lead, is_lead=True)]
            + [Deputy(suggestion=self, representative=person) for person in seconders]
        )
        self._keep_output(by, [lead, *seconders])

    def _keep_output(self, by, deputies):
        """Create, update or drop the output that counts this suggestion in its campaign's
        figures (see the module): it has one while it belongs to a campaign or an activity."""
        if not (self.campaign_id or self.activity_id):
            if self.output_id:
                output, self.output = self.output, None
                self.save()
                output.delete()
            return
        output = self.output or Output(kind=Output.Kind.SUGGESTION)
        output.title = self.title
        output.date = self.submitted_on
        output.campaign = self.campaign
        output.activity = self.activity
        for field in Reviewed.REVIEW_FIELDS:
            setattr(output, field, getattr(self, field))
        output.save()
        output.representatives.set(deputies)
        if self.output_id != output.pk:
            self.output = output
            self.save()

    @property
    def lead_deputy(self):
        """The 领衔 deputy: one query, or none after
        `prefetch_related("deputy_rows__representative")`."""
        for row in self.deputy_rows.all():
            if row.is_lead:
                return row.representative
        return None

    # The cycle -------------------------------------------------------------------

    def _locked(self):
        """Lock the suggestion's row for this transaction and read it afresh: two steps
        taken at once are taken one after the other, each from where the other left it."""
        type(self)._base_manager.select_for_update().filter(pk=self.pk).exists()
        self.refresh_from_db()

    def _refuse(self, allowed_from, on, refusals=None):
        """The refusals common to every step, with the step's own (`refusals`), raised
        together: the suggestion must be in one of `allowed_from`, and `on` no earlier than
        its latest step (or than when it was put) and not in the future."""
        refusals = dict(refusals or {})
        if self.status not in allowed_from:
            refusals.setdefault(
                "status",
                _("This cannot be done to a suggestion that is %(status)s.")
                % {"status": self.get_status_display()},
            )
        last = self.steps.aggregate(last=models.Max("on"))["last"] or self.submitted_on
        if on < last:
            refusals.setdefault(
                "on",
                _("The date cannot be before %(date)s, the suggestion's latest step.")
                % {"date": date_format(last)},
            )
        elif on > timezone.localdate():
            refusals.setdefault("on", _("The date cannot be in the future."))
        if refusals:
            raise ValidationError(refusals)

    def _take(self, kind, to_status, *, on, by, co_units=None, **fields):
        """Append the step `kind` and move the suggestion to `to_status` (already checked)."""
        step = Step(
            suggestion=self,
            kind=kind,
            on=on,
            author=by,
            from_status=self.status,
            to_status=to_status,
            **fields,
        )
        self.status = to_status
        self.save()
        step.save()
        if co_units is not None:
            step.co_units.set(co_units)
        return step

    @staticmethod
    def _units_refusals(lead_unit, co_units):
        if lead_unit is None:
            return {"lead_unit": _("Choose the lead unit.")}
        if lead_unit in co_units:
            return {"co_units": _("The lead unit cannot also be a co-unit.")}
        return {}

    def _put_to_units(self, lead_unit, co_units, on):
        self.lead_unit = lead_unit
        self.assigned_on = on
        self.deadline = deadline_for(on, self.complex)
        self.co_units.set(co_units)

    @transaction.atomic
    def assign(self, lead_unit, co_units=(), *, on=None, by=None):
        """交办: the office gives the suggestion to `lead_unit` 主办 and `co_units` 协办 on
        `on` (today); the deadline follows (`deadlines.deadline_for`)."""
        self._locked()
        on, co_units = on or timezone.localdate(), list(co_units)
        refusals = self._units_refusals(lead_unit, co_units)
        if self.review == Review.DRAFT:
            refusals["status"] = _("A draft cannot be assigned: submit it first.")
        self._refuse([Status.RECEIVED], on, refusals)
        self._put_to_units(lead_unit, co_units, on)
        return self._take(
            Step.Kind.ASSIGNED,
            Status.ASSIGNED,
            on=on,
            by=by,
            department=lead_unit,
            deadline=self.deadline,
            co_units=co_units,
        )

    @transaction.atomic
    def return_(self, department, reason, *, on=None, by=None):
        """A unit (the lead unit or a co-unit) sends back a suggestion it was wrongly
        given, with `reason`, within `SUGGESTION_RETURN_WORKING_DAYS` working days of 交办
        and before any reply; it leaves every unit's inbox until the office reassigns it."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if not reason.strip():
            refusals["reason"] = _("Say why the suggestion is returned.")
        if self.status == Status.ASSIGNED:
            if not self.handled_by(department):
                refusals["department"] = _("Only a unit it was assigned to can return it.")
            elif working_days_after(self.assigned_on, on) > return_window():
                refusals["on"] = _(
                    "A suggestion can be returned within %(days)s working days of its "
                    "assignment (%(date)s)."
                ) % {"days": return_window(), "date": date_format(self.assigned_on)}
        self._refuse([Status.ASSIGNED], on, refusals)
        self.lead_unit = self.assigned_on = self.deadline = None
        self.co_units.clear()
        return self._take(
            Step.Kind.RETURNED, Status.RETURNED, on=on, by=by, department=department, text=reason
        )

    @transaction.atomic
    def reassign(self, lead_unit, co_units=(), *, on=None, by=None, note=""):
        """重新交办: the office gives a returned suggestion to `lead_unit` and `co_units`;
        its 交办 date is `on` and the deadline runs from it."""
        self._locked()
        on, co_units = on or timezone.localdate(), list(co_units)
        self._refuse([Status.RETURNED], on, self._units_refusals(lead_unit, co_units))
        self._put_to_units(lead_unit, co_units, on)
        return self._take(
            Step.Kind.REASSIGNED,
            Status.ASSIGNED,
            on=on,
            by=by,
            department=lead_unit,
            deadline=self.deadline,
            co_units=co_units,
            text=note,
        )

    @transaction.atomic
    def change_deadline(self, deadline, reason, *, on=None, by=None):
        """Set the deadline to `deadline`, with `reason` (kept in the step)."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if not reason.strip():
            refusals["reason"] = _("Say why the deadline changes.")
        if deadline is None:
            refusals["deadline"] = _("Give the new deadline.")
        elif self.assigned_on and deadline < self.assigned_on:
            refusals["deadline"] = _("The deadline cannot be before the assignment.")
        elif deadline == self.deadline:
            refusals["deadline"] = _("The suggestion already has this deadline.")
        self._refuse(WITH_UNITS, on, refusals)
        self.deadline = deadline
        return self._take(
            Step.Kind.DEADLINE_CHANGED,
            self.status,
            on=on,
            by=by,
            deadline=deadline,
            text=reason,
        )

    def handled_by(self, department):
        """Whether `department` is the lead unit or a co-unit of the 交办 in force."""
        if department is None or self.lead_unit_id is None:
            return False
        return department.pk == self.lead_unit_id or self.co_units.filter(pk=department.pk).exists()

    @transaction.atomic
    def record_contact(self, form, *, on=None, by=None, department=None, note=""):
        """A unit (the lead unit unless `department` says which) contacted the deputies
        on `on`, by `form` (面商/电话/座谈/书面: `ContactForm`)."""
        self._locked()
        on = on or timezone.localdate()
        department = department or self.lead_unit
        refusals = {}
        if form not in ContactForm.values:
            refusals["form"] = _("Choose how the deputies were contacted.")
        if self.status in WITH_UNITS and not self.handled_by(department):
            refusals["department"] = _("Only a unit the suggestion was assigned to contacts them.")
        self._refuse(WITH_UNITS, on, refusals)
        return self._take(
            Step.Kind.CONTACT,
            self.status,
            on=on,
            by=by,
            department=department,
            contact_form=form,
            text=note,
        )

    @transaction.atomic
    def send_opinion(self, department, text, *, on=None, by=None):
        """A co-unit sends its opinion 协办意见 to the lead unit, before the reply."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if not text.strip():
            refusals["text"] = _("Write the opinion.")
        if self.status in AWAITING_REPLY and not (
            department and self.co_units.filter(pk=department.pk).exists()
        ):
            refusals["department"] = _("Only a co-unit sends an opinion to the lead unit.")
        self._refuse(AWAITING_REPLY, on, refusals)
        return self._take(
            Step.Kind.OPINION, self.status, on=on, by=by, department=department, text=text
        )

    @transaction.atomic
    def reply(self, reply_class, text="", *, on=None, by=None, document=None):
        """The lead unit answers 答复: class A/B/C/D (`ReplyClass`), the text and/or the
        reply document (a file); the suggestion awaits the deputies' rating."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if reply_class not in ReplyClass.values:
            refusals["reply_class"] = _("Choose the reply's class (A, B, C or D).")
        if not text.strip() and not document:
            refusals["text"] = _("Write the reply or attach its document.")
        self._refuse(AWAITING_REPLY, on, refusals)
        return self._take(
            Step.Kind.REPLY,
            Status.ANSWERED,
            on=on,
            by=by,
            department=self.lead_unit,
            reply_class=reply_class,
            text=text,
            document=document or "",
        )

    @transaction.atomic
    def rate(self, rating, comment="", *, on=None, by=None):
        """The deputies (or staff on their behalf) rate the reply: 满意 or 基本满意 closes
        the suggestion 办结; 不满意 sends it back to its units for 再次办理."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if rating not in Rating.values:
            refusals["rating"] = _("Choose the rating.")
        elif rating == Rating.DISSATISFIED and not comment.strip():
            refusals["comment"] = _("Say what the deputies are dissatisfied with.")
        self._refuse([Status.ANSWERED], on, refusals)
        to = Status.REHANDLING if rating == Rating.DISSATISFIED else Status.CLOSED
        return self._take(Step.Kind.RATING, to, on=on, by=by, rating=rating, text=comment)

    @transaction.atomic
    def close(self, reason, *, on=None, by=None):
        """The office closes the suggestion 办结 with `reason`, wherever it stands."""
        self._locked()
        on = on or timezone.localdate()
        refusals = {}
        if not reason.strip():
            refusals["reason"] = _("Say why the suggestion is closed.")
        self._refuse([s for s in Status if s != Status.CLOSED], on, refusals)
        return self._take(Step.Kind.CLOSED, Status.CLOSED, on=on, by=by, text=reason)

    def timeline(self):
        """Its steps in order, with who took them and the units named."""
        return self.steps.select_related("author", "department").prefetch_related("co_units")


IMPORTED_REPLY = _("Imported from a ledger: the reply's text is not in the file.")


def cycle_of_a_ledger_row(
    suggestion, *, lead_unit, assigned_on, replied_on, reply_class, rating, by=None
):
    """Give the new, unsaved `suggestion` the 交办 and the status a ledger row states, and
    return the steps of its timeline (unsaved; the 交办's co-units are to be set on the
    first, as on the suggestion): 交办 on `assigned_on` to `lead_unit` (or nothing
    when none), the latest reply (`replied_on`, `reply_class`) and the latest `rating`,
    which a file does not date: it is dated with the reply. A row whose rating is 不满意
    leaves the suggestion in 再次办理, as the app would. The import bulk-creates them;
    the rules of a row (a reply needs a 交办, a rating a reply …) are the importer's."""
    steps = []
    status = Status.RECEIVED

    def step(kind, to, on, **fields):
        steps.append(Step(suggestion=suggestion, kind=kind, on=on, author=by,
                          from_status=status, to_status=to, **fields))  # fmt: skip
        return to

    if assigned_on is not None:
        suggestion.lead_unit, suggestion.assigned_on = lead_unit, assigned_on
        suggestion.deadline = deadline_for(assigned_on, suggestion.complex)
        status = step(Step.Kind.ASSIGNED, Status.ASSIGNED, assigned_on, department=lead_unit,
                      deadline=suggestion.deadline)  # fmt: skip
        if replied_on is not None:
            status = step(Step.Kind.REPLY, Status.ANSWERED, replied_on, department=lead_unit,
                          reply_class=reply_class, text=str(IMPORTED_REPLY))  # fmt: skip
            if rating:
                to = Status.REHANDLING if rating == Rating.DISSATISFIED else Status.CLOSED
                status = step(Step.Kind.RATING, to, replied_on, rating=rating)
    suggestion.status = status
    return steps


class Deputy(models.Model):
    """A deputy who put a suggestion: its one lead 领衔 or a seconder 附议."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="deputy_rows",
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="suggestion_rows",
    )
    is_lead = models.BooleanField(_("lead deputy"), default=False)

    class Meta:
        verbose_name = _("deputy of a suggestion")
        verbose_name_plural = _("deputies of suggestions")
        ordering = ["suggestion", "-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "representative"],
                name="suggestion_deputy_once",
                violation_error_message=_("A deputy seconds a suggestion once."),
            ),
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=Q(is_lead=True),
                name="suggestion_one_lead",
                violation_error_message=_("A suggestion has one lead deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.suggestion}: {self.representative.name}"


def reply_document_path(step, filename):
    return f"suggestions/replies/{step.on:%Y/%m}/{filename}"


class Step(models.Model):
    """One step of a suggestion's timeline: what happened, on which day, who recorded it.

    Append-only: a step is never changed or removed (`save` and `delete` refuse), so
    the timeline is the record of the handling. Each kind carries its own fields, held
    by the constraints below."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        RETURNED = "returned", _("Returned by the unit")
        REASSIGNED = "reassigned", _("Reassigned")
        DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")
        CONTACT = "contact", _("Contact with the deputies")
        OPINION = "opinion", _("Co-unit's opinion")
        REPLY = "reply", _("Reply")
        RATING = "rating", _("Rating")
        CLOSED = "closed", _("Closed by the office")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestion_steps",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    # The unit: given the suggestion (assigned, reassigned: the lead unit), returning it,
    # contacting the deputies, giving an opinion or the reply.
    department = models.ForeignKey(
        Department,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestion_steps",
    )
    co_units = models.ManyToManyField(
        Department, verbose_name=_("co-units"), related_name="+", blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    contact_form = models.CharField(
        _("form of contact"), max_length=10, choices=ContactForm.choices, blank=True
    )
    reply_class = models.CharField(
        _("reply class"), max_length=1, choices=ReplyClass.choices, blank=True
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    # The reason (returned, deadline changed, closed), the note, the opinion, the reply's
    # text or the rating's comment.
    text = models.TextField(_("text"), blank=True)
    document = models.FileField(_("reply document"), upload_to=reply_document_path, blank=True)

    class Meta:
        verbose_name = _("step of a suggestion")
        verbose_name_plural = _("steps of suggestions")
        ordering = ["suggestion", "on", "pk"]
        indexes = [
            # The figures read each suggestion's replies and ratings.
            models.Index(fields=["suggestion", "kind", "on"], name="suggestion_step_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reply", reply_class__in=ReplyClass.values)
                & Q(department__isnull=False)
                & (~Q(text="") | ~Q(document=""))
                | ~Q(kind="reply") & Q(reply_class="", document=""),
                name="suggestion_step_reply",
            ),
            models.CheckConstraint(
                condition=Q(kind="rating", rating__in=Rating.values)
                | ~Q(kind="rating") & Q(rating=""),
                name="suggestion_step_rating",
            ),
            models.CheckConstraint(
                condition=Q(kind="contact", contact_form__in=ContactForm.values)
                | ~Q(kind="contact") & Q(contact_form=""),
                name="suggestion_step_contact",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["returned", "deadline_changed", "closed", "opinion"])
                | ~Q(text=""),
                name="suggestion_step_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["assigned", "reassigned", "deadline_changed"])
                | Q(deadline__isnull=False),
                name="suggestion_step_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["assigned", "reassigned", "returned", "opinion"])
                | Q(department__isnull=False),
                name="suggestion_step_unit",
            ),
        ]

    def __str__(self):
        return f"{self.suggestion.number_display} {self.on} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A step of a suggestion's timeline is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A step of a suggestion's timeline is never removed."))
