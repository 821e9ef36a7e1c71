from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """The reviewer's queue 待审核: on top of the records (activities) and the uploads
    that bring them (ledgers); the review states themselves live with the records."""

    name = "review"
    verbose_name = _("Review")
