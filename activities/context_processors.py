"""What every page's layout needs to know: whether the demo is loaded, of the review
whether this page's figures count records awaiting it and whether the user reviews, and
as of when a dashboard's figures are."""

import math

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .caching import overdue_after, served_as_of
from .demo import SLUG
from .models import Campaign
from .review import pending_counted
from .review_kinds import may_review

DEMO_LOADED = "lianluo:demo-loaded"


def demo(request):
    """`demo_loaded`: whether the demo campaign is in the database, so that the layout
    marks its invented people and places 示例数据 on every page a user logged in sees.
    One query a minute per process at most; saving or deleting a campaign asks again at
    once."""
    user = getattr(request, "user", None)  # none on a 400 refused before the middleware
    if user is None or not user.is_authenticated:
        return {"demo_loaded": False}  # the login page shows nobody, and asks nothing
    loaded = cache.get(DEMO_LOADED)
    if loaded is None:
        loaded = Campaign.objects.filter(slug=SLUG).exists()
        cache.set(DEMO_LOADED, loaded, 60)
    return {"demo_loaded": loaded}


@receiver([post_save, post_delete], sender=Campaign)
def forget_whether_the_demo_is_loaded(**kwargs):
    cache.delete(DEMO_LOADED)


def review(request):
    """`pending_counted`: whether this page's figures count records awaiting review (the
    dashboards' switch), so the page says so; `may_review`: whether the user's role
    reviews a kind of record (the queue is theirs), asked of `review_kinds` once."""
    user = getattr(request, "user", None)
    return {
        "pending_counted": pending_counted(),
        "may_review": user is not None and may_review(user),
    }


def figures_as_of(request):
    """`figures_as_of`: when a dashboard's figures were computed, if the page shows some
    kept from before the last records while they are refreshed (activities/caching.py);
    None when every figure is current. `figures_within`: in how many minutes, at most,
    the records entered since show (a refresh is due FIGURES_REFRESH seconds after the
    last, and takes up to half a minute at a province's size, its wait for a place too:
    `caching.overdue_after`)."""
    as_of = served_as_of()
    if as_of is None:
        return {"figures_as_of": None}
    return {
        "figures_as_of": as_of,
        "figures_within": max(1, math.ceil(overdue_after() / 60)),
    }
