"""Compute the figures the dashboards read, so that their first readers find them kept:
after a deploy, a restore or a restart of Redis, when the cache holds none and the first
view of each page would compute them (0.6–0.85 s a page at a province's size on
PostgreSQL, several seconds at a term's; activities/caching.py).

It draws the pages themselves, so the figures kept are exactly those the pages will ask:
as a leader of the whole province sees them, each campaign's page with each of its three
tables, the overview, and the page of each city; then, for each scope an active user is
limited to (the liaison staff of a city: their figures count their areas only, and are
kept apart), the same pages as one of them sees them, with the pages of the areas of
their scope. In the office's language (or those given), counting approved records (the
pages' default). A figure already current is not computed again.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from accounts.models import Profile
from activities.caching import CACHE, exact_figures
from activities.models import Campaign
from representatives.models import Area

TABLES = ("leaders", "groups", "areas")  # the campaign page's tables (views/campaigns.py)


def dashboard_pages(areas):
    """The addresses of the pages whose figures are kept, with the page of each of
    `areas`: (what, address)."""
    for campaign in Campaign.objects.order_by("-start", "slug"):
        url = reverse("activities:campaign-detail", args=[campaign.slug])
        for table in TABLES:
            yield f"{campaign.title} ({table})", f"{url}?table={table}"
    yield "overview", reverse("activities:overview")
    for area in areas:
        yield area.name, reverse("activities:area-detail", args=[area.pk])


def province_reader():
    """A reader who is no one in particular and sees every area, as a leader of the whole
    province does (the figures' keys hold the scope's SQL, the same for both). Never saved."""
    return get_user_model()(username="keep_figures", is_superuser=True, is_active=True)


def readers():
    """(who, reader, the areas whose pages they read): a reader of the whole province with
    the cities, then one active user of each set of areas users are limited to, with those
    areas (a scope's figures are keyed by its areas, the same for each of its users; a
    superuser sees the whole province whatever their profile says)."""
    yield "", province_reader(), Area.objects.filter(kind=Area.Kind.CITY).order_by("code")
    scopes = set()
    limited = Profile.objects.filter(user__is_active=True, areas__isnull=False)
    users = get_user_model().objects.filter(profile__in=limited, is_superuser=False)
    for user in users.distinct().order_by("pk"):
        areas = list(user.profile.areas.order_by("code"))
        if tuple(areas) not in scopes:
            scopes.add(tuple(areas))
            yield user.get_username(), user, areas


class Command(BaseCommand):
    help = (
        "Compute and keep the figures of the campaign pages, the overview and the area "
        "pages, as a leader of the whole province reads them and as the users of each "
        "limited scope do (after a deploy, a restore or a restart of Redis)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            nargs="+",
            choices=[code for code, _name in settings.LANGUAGES],
            default=[settings.LANGUAGE_CODE],
            help=f"the pages' languages (default {settings.LANGUAGE_CODE})",
        )

    def handle(self, *args, language, **options):
        backend = settings.CACHES[CACHE]["BACKEND"]
        if backend.endswith("DummyCache"):
            raise CommandError(
                "This site keeps no figures (no REDIS_URL): each page computes its own."
            )
        factory = RequestFactory()
        started, pages, failed = time.perf_counter(), 0, 0
        for who, reader, areas in readers():
            for code in language:
                for what, url in dashboard_pages(areas):
                    request = factory.get(url)
                    request.user, request.LANGUAGE_CODE = reader, code
                    match = resolve(request.path_info)
                    clock = time.perf_counter()
                    with translation.override(code), exact_figures():
                        response = match.func(request, *match.args, **match.kwargs)
                    took, pages = time.perf_counter() - clock, pages + 1
                    if response.status_code != 200:
                        failed += 1
                        self.stderr.write(f"{url} [{code}] {who}: answered {response.status_code}")
                    elif options["verbosity"] > 1:
                        self.stdout.write(f"{took:6.2f} s  {what} [{code}] {who}  {url}")
        if failed:
            raise CommandError(f"{failed} pages did not answer 200: their figures are not kept.")
        self.stdout.write(
            f"The figures of {pages} pages are kept ({time.perf_counter() - started:.1f} s)."
        )
