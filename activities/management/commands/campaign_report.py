"""Print a campaign's figures as the report contract's JSON object.

The office's bulletin used to count these by hand; this command (and the campaign page's
download, which reads the same function) gives them from the records.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from activities.figures import campaign_figures
from activities.models import Campaign


class Command(BaseCommand):
    help = "Print the figures of the campaign SLUG (DESIGN.md, 'The report contract')."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the campaign's slug (标识)")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, slug, **options):
        try:
            campaign = Campaign.objects.get(slug=slug)
        except Campaign.DoesNotExist:
            raise CommandError(f"No campaign with the slug “{slug}”.") from None
        self.stdout.write(json.dumps(campaign_figures(campaign), ensure_ascii=False, indent=2))
