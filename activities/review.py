"""Entry → review (填报 → 审核): a record counts in the figures once a reviewer approved it.

A record of the work (an activity with its attendance, a problem with its status changes,
an output, a contact tally, a media report) is in one of four states:

    草稿 draft → 待审核 submitted → 已通过 approved
                            ↘ 退回 returned, with a reason → (corrected) → submitted …

Whoever enters or changes a record through a page, the admin or an upload (without the
review permission) submits it; a reviewer of its area who is not its author approves it or
returns it. An approved record that is changed again goes back to review and **stops
counting until it is approved again**: the figures never show a version nobody checked,
at the price of a dip while the change waits (keeping the last approved version counting
would mean keeping a copy of every record and its attendance).

Records written by code are approved as written (the model's default): `import_records`
from the shell, `load_demo`, the builders of the test suite. So every person's path submits
explicitly (`Reviewed.submit`), and the trusted paths need not say anything.

What counts is one rule, `counted_q()` / `ReviewQuerySet.counted()`: approved records, or
also those awaiting review inside `counting_pending()` (the dashboards' switch "including
records awaiting review"). The figures ask nothing else.
"""

import datetime
import functools
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lianluo import history
from lianluo.permissions import permission
from representatives.models import AccessQuerySet

from .following import condition as condition_of_following
from .following import leaders as following_leaders
from .versioning import bulk_update_versioned


class Review(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review state", "Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# The permissions of a reviewed kind: Django's four, and `review` (review_activity …).
PERMISSIONS = ("add", "change", "delete", "view", "review")

_counting_pending = ContextVar("counting_pending", default=False)

# Before any record was approved: the time since which a never approved record's
# changes are its authors'.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@contextmanager
def counting_pending(include=True):
    """Inside, the figures count the records awaiting review as well (when `include`)."""
    told = _counting_pending.set(bool(include))
    try:
        yield
    finally:
        _counting_pending.reset(told)


def pending_counted():
    """Whether the figures being computed now count the records awaiting review."""
    return _counting_pending.get()


def counted_q(prefix=""):
    """A Q: the record at `prefix` (e.g. "activity__") counts in the figures now."""
    states = [Review.APPROVED, Review.SUBMITTED] if pending_counted() else [Review.APPROVED]
    return Q(**{f"{prefix}review__in": states})


class ReviewQuerySet(AccessQuerySet):
    def editable_by(self, user):
        """The records `user` may change: those they may read, if their role may change
        the kind, but none that follows another record (following.py: a suggestion's
        output is changed only through its suggestion)."""
        return super().editable_by(user).on_their_own()

    def on_their_own(self):
        """The records that follow no other record (following.py)."""
        following = condition_of_following(self.model)
        return self if following is None else self.exclude(following)

    def following_another(self):
        """The records that follow another record (following.py), with what they follow."""
        following = condition_of_following(self.model)
        if following is None:
            return self.none()
        return self.filter(following).select_related(*following_leaders(self.model))

    def counted(self):
        """The records that count in the figures (see the module): the one filter."""
        return self.filter(self.model.counts_when())

    def awaiting_review(self):
        """Submitted records, oldest submission first: the review queue's order."""
        return self.filter(review=Review.SUBMITTED).order_by("submitted_at", "pk")

    def reviewable_by(self, user):
        """The records `user` may approve or return: in reach of their areas, if their
        role may review this kind, and not their own entries — neither the one submitted
        nor one they changed themselves since the record was last approved (a colleague
        saving it after them does not make it theirs to approve)."""
        if not user.has_perm(permission(self.model, "review")):
            return self.none()
        own_change = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=OuterRef("pk"),
            actor=user,
            additional_data__path__in=history.CHANGES,  # not a decision on it
            timestamp__gt=Coalesce(OuterRef("approved_at"), Value(NEVER)),
        )
        return self.in_review_reach_of(user).exclude(submitted_by=user).exclude(Exists(own_change))

    def in_review_reach_of(self, user):
        """The records a reviewer of `user`'s areas decides: those they see (a kind whose
        records some lie in no area narrows it to the unscoped)."""
        return self.visible_to(user)

    def returned_to(self, user):
        """`user`'s entries that a reviewer sent back, latest first (their 待补录)."""
        return self.filter(review=Review.RETURNED, submitted_by=user).order_by("-reviewed_at")


class Reviewed(models.Model):
    """A record that counts only once reviewed (see the module)."""

    # Decided in the review queue (`decide`), never typed into a form or the admin.
    review = models.CharField(
        _("review"),
        max_length=10,
        choices=Review.choices,
        default=Review.APPROVED,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("last approved at"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for returning"), blank=True, editable=False)
    # The upload (a ledgers.ImportRecord) that submitted it, so a reviewer can decide the
    # whole batch: a number, not a key, since the records' apps come before the ledgers'.
    review_batch = models.PositiveIntegerField(
        _("import batch"), null=True, blank=True, editable=False
    )

    REVIEW_FIELDS = [
        "review",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "approved_at",
        "return_reason",
        "review_batch",
    ]

    class Meta:
        abstract = True

    @classmethod
    def counts_when(cls, prefix=""):
        """A Q: the record at `prefix` counts in the figures now (`counted()`)."""
        return counted_q(prefix)

    @property
    def is_counted(self):
        """`counted()` for one record already read."""
        return self.review == Review.APPROVED or (
            pending_counted() and self.review == Review.SUBMITTED
        )

    def submit(self, by, *, batch=None, draft=False):
        """Mark this record (unsaved) as entered by `by` and waiting for review — or kept
        as `by`'s draft — however it stood before: every person's change is reviewed."""
        self.review = Review.DRAFT if draft else Review.SUBMITTED
        self.submitted_by = by
        self.submitted_at = timezone.now()
        self.return_reason = ""
        self.review_batch = batch

    def enter(self, by, *, changed, draft=False):
        """`by` saves this record (unsaved) on a page or in the admin: submit it, or keep
        it as their draft, when they `changed` it — or when it is a draft or was returned
        and they send it as it is. A record saved unchanged otherwise keeps its state, so
        opening an approved record and saving it does not take it out of the figures.
        Whether it was submitted or drafted."""
        sent_again = not draft and self.review in (Review.DRAFT, Review.RETURNED)
        if not (changed or sent_again):
            return False
        # A draft is of what never counted: an approved record changed goes to review, or
        # a draft would take it out of the figures with nobody asked to look.
        self.submit(by, draft=draft and (self._state.adding or self.review != Review.APPROVED))
        return True

    def approve_as_written(self, by=None):
        """Mark this record (unsaved) approved by whoever wrote it: a reviewer's import,
        the shell's. Nobody else's entry is approved without a reviewer."""
        now = timezone.now()
        self.review = Review.APPROVED
        self.submitted_by, self.submitted_at = by, now
        self.reviewed_by, self.reviewed_at, self.approved_at = by, now, now
        self.return_reason = ""
        self.review_batch = None


def returned_says_why(name):
    """The constraint of every reviewed model (`name`, its model): a returned record
    says why."""
    return models.CheckConstraint(
        condition=~Q(review=Review.RETURNED) | ~Q(return_reason=""),
        name=f"{name}_returned_has_reason",
        violation_error_message=_("Say why the record is returned."),
    )


def review_queue_index(name):
    """The index of every reviewed model (`name`, its model): the queue reads the records
    not yet approved, oldest submission first."""
    return models.Index(
        fields=["review", "submitted_at"],
        condition=~Q(review=Review.APPROVED),
        name=f"{name}_review_queue_idx",
    )


def upload_queue_index(name):
    """The second index of every reviewed model (`name`, its model): the review queue
    groups the waiting records of each staff upload into one row, and finds them here
    rather than among every record that waits (review/queue.py, `Backlog`)."""
    return models.Index(
        fields=["review_batch", "submitted_at"],
        condition=Q(review=Review.SUBMITTED, review_batch__isnull=False),
        name=f"{name}_upload_queue_idx",
    )


# {model: [callable(records, by, approve, reason)]}: what follows a decision on a model's
# records (`after_decision`), e.g. the suggestions' mirrored outputs.
_AFTER_DECISION = {}


def after_decision(model, follow):
    """Call `follow(records, by=…, approve=…, reason=…)` inside every decision on records
    of `model`, with the records as decided: what follows their review is kept in step in
    the same transaction. Registered from an AppConfig.ready(); again is a no-op."""
    follows = _AFTER_DECISION.setdefault(model, [])
    if follow not in follows:
        follows.append(follow)


@transaction.atomic
def decide(records, by, *, approve, reason=""):
    """Approve the submitted `records` (a queryset already limited to what `by` may
    review: `reviewable_by`) — or return them to their authors with `reason` — all or
    none; each decision goes into the history. Returns how many were decided."""
    model = records.model
    records = list(records.filter(review=Review.SUBMITTED).select_for_update())
    now = timezone.now()
    new_state = Review.APPROVED if approve else Review.RETURNED
    values = {
        "review": new_state,
        "reviewed_by": by,
        "reviewed_at": now,
        "return_reason": "" if approve else reason,
    }
    if approve:
        values["approved_at"] = now
    changed = {}
    for record in records:
        changed[record] = {"review": (record.review, new_state)}
        if not approve:
            changed[record]["return_reason"] = (record.return_reason, reason)
        for field, value in values.items():
            setattr(record, field, value)
    # The version moves on: a form opened before the decision cannot save over it.
    bulk_update_versioned(model, records, list(values))
    history.log_bulk(model, changed=changed, by=by, path=history.REVIEW)
    for follow in _AFTER_DECISION.get(model, ()):
        follow(records, by=by, approve=approve, reason=reason)
    return len(records)


PENDING = "pending"  # the query parameter of the dashboards' switch: ?pending=1


def counting_as_asked(view):
    """A dashboard's view: its figures count the records awaiting review when the page
    is asked with ?pending=1 (the switch), marked as such by `pending_counted` in its
    context (`context_processors.review`)."""

    @functools.wraps(view)
    def counting(request, *args, **kwargs):
        with counting_pending(request.GET.get(PENDING) == "1"):
            return view(request, *args, **kwargs)

    counting.counts_pending_on_request = True
    return counting


def saved_message(record, entered):
    """What a page says once `record` is saved: that it now awaits review, or is kept as
    a draft (`entered`: whether the save submitted or drafted it), or that nothing of it
    changed — so nobody takes a saved entry for one that already counts."""
    name = capfirst(record._meta.verbose_name)
    if not entered:
        return gettext("Nothing was changed.")
    if record.review == Review.DRAFT:
        said = gettext("%(record)s saved as a draft: it goes to review when you submit it.")
    else:
        said = gettext("%(record)s saved: it awaits review.")
    return said % {"record": name}
