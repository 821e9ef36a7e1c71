"""Load the seed bulletin's 2021 campaign as demo data, with one demo user per role.

It lets anyone see Lianluo at work right after setting it up, and lets the tests check
that the campaign report reproduces the bulletin's hand-counted figures. Its users have
the passwords the README publishes (an `admin` superuser among them), so with DEBUG off
(production) it refuses unless forced.

The command lives in `bulletins` because the demo ends with the seed issue: the campaign's
records come from `activities.demo`, their suggestions from `suggestions.demo`, the issue
from `bulletins.demo`, the leaders' archives from `archives.demo`, and only this app may
depend on them all.
"""

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import role_label
from activities.demo import DemoBuilder
from activities.figures import campaign_figures
from archives.demo import build_archives
from bulletins.demo import build_seed_issue
from lianluo.punctuation import join_list
from suggestions.demo import build_area_suggestion, build_suggestions, build_unit_user


class Command(BaseCommand):
    help = "Load the demo campaign 学党史作表率，为群众办实事 (2021) and the demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off, publicly known passwords and all.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a production database. The demo creates the "
                "superuser admin with the password the README publishes; refusing. "
                "Use --force to load it all the same."
            )
        builder = DemoBuilder()
        # The demo is seed data, put in place as loaddata would: its records start with no
        # history; what anyone changes afterwards is recorded as usual.
        with transaction.atomic(), disable_auditlog():
            campaign = builder.build()
            build_suggestions(campaign, builder.users["staff"][0])
            build_area_suggestion(builder.users["staff"][0])
            builder.users["unit"] = build_unit_user()
            build_seed_issue(campaign)
            build_archives()
        figures = campaign_figures(campaign)
        members = figures["group_members"]
        self.stdout.write(
            f"Demo campaign “{campaign.title}” ({campaign.slug}): "
            f"{figures['leaders']['participated']} leaders, "
            f"{members['participated']} of {members['total']} members ({members['rate']}%)."
        )
        self.stdout.write("Demo logins (user / password):")
        for username, (user, password) in builder.users.items():
            roles = join_list(role_label(group) for group in user.groups.all())
            self.stdout.write(f"  {username} / {password}  [{roles}]")
