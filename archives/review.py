"""Duties in the review queue and the author's 待补录 (activities/review_kinds.py): a
liaison staff member's entry waits for a reviewer, as an output does."""

from django.utils.translation import gettext_lazy as _

from activities import review_kinds

from .models import Duty

KIND = review_kinds.Kind(
    Duty,
    _("Duty"),
    None,  # no page of its own: the list links to its form
    "archives:duty-edit",
    area="representatives__groups__area",
    campaign="",
)


def register():
    review_kinds.register("duty", KIND)
