"""Campaign slugs that no URL can take (spaces, Chinese, punctuation, as a ledger could
once import them) are rewritten to ones it can, before a constraint holds every slug to
the URL's rule (0007). A slug is made from the old one where that gives one still free,
else from the campaign's key."""

import re

from django.db import migrations
from django.utils.text import slugify

SLUG_IN_URL = re.compile(r"\A[-a-zA-Z0-9_]+\Z")  # django.urls.converters.SlugConverter


def repair_slugs(apps, schema_editor):
    Campaign = apps.get_model("activities", "Campaign")
    taken = set(Campaign.objects.values_list("slug", flat=True))
    for campaign in Campaign.objects.order_by("pk"):
        if SLUG_IN_URL.match(campaign.slug):
            continue
        slug, n = slugify(campaign.slug)[:60], 1
        while not slug or slug in taken:
            slug, n = f"campaign-{campaign.pk}" + (f"-{n}" if n > 1 else ""), n + 1
        taken.add(slug)
        Campaign.objects.filter(pk=campaign.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_versions")]

    operations = [migrations.RunPython(repair_slugs, migrations.RunPython.noop)]
