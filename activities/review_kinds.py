"""The kinds of reviewed records as people meet them: their names, their pages, where
their authors correct them, and how a filter reaches their area and campaign. The
review queue (the `review` app) and the author's 待补录 (views/missing.py) read them; the
states and the rule of what counts are in review.py.

KINDS holds this app's kinds; an app built on the work (suggestions) adds its own with
`register()` from its AppConfig.ready(), and may say that some records of a kind follow
another record's review (`follows()`: a suggestion's mirrored output) — those are decided
with what they follow, shown in no queue nor 待补录 of their own, and changed only
through what they follow (following.py)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianluo.permissions import permission

from . import following
from .models import Activity, ContactTally, MediaReport, Output, Problem
from .review import Review


@dataclass(frozen=True)
class Kind:
    """A reviewed kind of record as the queue and the author's 待补录 name it."""

    model: type
    label: str  # its name in the queue's "kind" column and filter
    page: str | None  # the URL name of its page (with its pk), if it has one to read
    correction: str  # the URL name of the page where its author corrects it
    area: str  # the path from the record to an area (the filter "area")
    campaign: str  # the path from the record to a campaign (the filter "campaign")
    joins: tuple = ()  # what its row shows beside itself (select_related)

    @property
    def records(self):
        """The kind's records reviewed on their own (those following another left out)."""
        return self.model.objects.on_their_own()


KINDS = {
    "activity": Kind(
        Activity, _("Activity"), "activities:activity-detail", "activities:activity-edit",
        area="groups__area", campaign="campaign", joins=("campaign",),
    ),
    "problem": Kind(
        Problem, _("Problem"), "activities:problem-detail", "activities:problem-detail",
        area="area", campaign="activity__campaign", joins=("activity",),
    ),
    "output": Kind(
        Output, _("Output"), None, "activities:outputs-edit",
        area="activity__groups__area", campaign="campaign", joins=("activity", "campaign"),
    ),
    "tally": Kind(
        ContactTally, _("Contact tally"), None, "activities:tallies-edit",
        area="area", campaign="campaign", joins=("area", "campaign"),
    ),
    "media": Kind(
        MediaReport, _("Media report"), None, "activities:media-edit",
        area="activity__groups__area", campaign="campaign", joins=("activity", "campaign"),
    ),
}  # fmt: skip


def register(key, kind):
    """Add the reviewed `kind` under `key` (an app's AppConfig.ready()); again is a no-op."""
    KINDS.setdefault(key, kind)


def follows(model, condition, leader):
    """The records of `model` matching `condition` (a Q or an Exists) follow the record
    at their accessor `leader` (one-to-one): they leave the queue, the 待补录 and the
    counts of what waits, the app that says so keeps their review state in step
    (`review.after_decision`), and they are changed only through what they follow — not
    on their own page nor by an import (following.py)."""
    following.follows(model, condition, leader)


def kind_of(model):
    """The registered kind of `model`'s records, or None."""
    return next((kind for kind in KINDS.values() if kind.model is model), None)


def leader_pages(records, user):
    """{record's pk: (the name of the kind it follows, the URL of the followed record's
    page or None)} for those of `records` that follow another record (fetched with the
    accessors of `following.leaders` in select_related) — one query per kind followed.
    The URL is None where `user` may not open the page: a page links only where its
    viewer can go."""
    leaders = {}
    for record in records:
        leader = following.leader_of(record)
        if leader is not None:
            leaders[record.pk] = leader
    pages = {}
    for kind in KINDS.values():
        of_kind = {pk: leader for pk, leader in leaders.items() if type(leader) is kind.model}
        if not of_kind:
            continue
        seen = set()
        if kind.page is not None:
            seen = set(
                kind.model.objects.visible_to(user)
                .filter(pk__in=[leader.pk for leader in of_kind.values()])
                .values_list("pk", flat=True)
            )
        for pk, leader in of_kind.items():
            url = reverse(kind.page, args=[leader.pk]) if leader.pk in seen else None
            pages[pk] = (kind.label, url)
    return pages


def may_review(user):
    """Whether `user`'s role reviews any kind of record (the queue is theirs)."""
    return any(user.has_perm(permission(kind.model, "review")) for kind in KINDS.values())


def returned_rows(user):
    """`user`'s entries sent back to them, of every kind, latest first: [(kind, record)]."""
    returned = []
    for kind, spec in KINDS.items():
        records = spec.records.returned_to(user).select_related("reviewed_by", *spec.joins)
        returned += [(KINDS[kind], record) for record in records]
    return sorted(returned, key=lambda pair: pair[1].reviewed_at, reverse=True)


def drafts_of(user):
    """`user`'s drafts of every kind, latest first: [(kind, record)] — entries that count
    nowhere and wait in no queue until their author submits them."""
    drafts = []
    for spec in KINDS.values():
        records = spec.records.filter(review=Review.DRAFT, submitted_by=user)
        drafts += [(spec, record) for record in records.select_related(*spec.joins)]
    return sorted(drafts, key=lambda pair: pair[1].submitted_at, reverse=True)


def awaiting_count(user):
    """How many of `user`'s entries wait for a reviewer."""
    return sum(
        spec.records.filter(review=Review.SUBMITTED, submitted_by=user).count()
        for spec in KINDS.values()
    )
