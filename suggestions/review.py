"""Suggestions in the review queue and the 待补录 (activities/review_kinds.py): the kind
registered from the app's ready(), and its mirrored output deciding with it.

A suggestion and the `Output` that counts it in its campaign's figures are one entry: the
reviewer decides the suggestion, and its output takes the same review state in the same
transaction (`keep_outputs_in_step`); the output never waits in the queue on its own
(`follows`), so one decision, one row."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from activities import review_kinds
from activities.models import Output
from activities.review import Reviewed, after_decision
from activities.versioning import bulk_update_versioned

from .models import Suggestion

KIND = review_kinds.Kind(
    Suggestion,
    _("Suggestion"),
    "suggestions:detail",
    "suggestions:edit",
    area="deputies__groups__area",
    campaign="campaign",
    joins=("campaign",),
)


def keep_outputs_in_step(suggestions, *, by, approve, reason):
    """The decided `suggestions`' outputs take their review state (one update)."""
    outputs = Output.objects.filter(pk__in=[s.output_id for s in suggestions if s.output_id])
    outputs = list(outputs.select_for_update())
    by_output = {suggestion.output_id: suggestion for suggestion in suggestions}
    for output in outputs:
        for field in Reviewed.REVIEW_FIELDS:
            setattr(output, field, getattr(by_output[output.pk], field))
    bulk_update_versioned(Output, outputs, Reviewed.REVIEW_FIELDS)


def register():
    review_kinds.register("suggestion", KIND)
    # Exists, not a join: the queue locks the records it decides, and PostgreSQL locks
    # no row on the nullable side of an outer join.
    review_kinds.follows(
        Output, Exists(Suggestion.objects.filter(output=OuterRef("pk"))), leader="suggestion"
    )
    after_decision(Suggestion, keep_outputs_in_step)
