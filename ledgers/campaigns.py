"""Importing campaigns 主题活动 and the leaders enrolled in them."""

from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from activities.models import Activity, Campaign, validate_slug_in_url
from representatives.models import Representative

from .cells import parse_date, parse_list, text
from .columns import CAMPAIGNS
from .importing import Changes, Importer, Lookup, sync_links


class CampaignImporter(Importer):
    layout = CAMPAIGNS
    province_wide = True

    def prepare(self):
        self.people = Lookup(Representative, "code")
        self.campaigns = Lookup(Campaign, "slug")

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {"slug": text, "title": text, "start": parse_date,
                                        "end": parse_date, "leaders": parse_list}))
                for n, row in batch]  # fmt: skip
        self.people.load(code for _n, row in rows for code in row["leaders"] or [])
        self.campaigns.load(row["slug"] for _n, row in rows)
        periods = self.activity_periods([row["slug"] for _n, row in rows])
        for number, row in rows:
            self.check_key(number, "slug", row["slug"])
            self.check(number, row, periods.get(row["slug"]))
        if self.report.ok:
            self.write(rows)

    def activity_periods(self, slugs):
        """{slug: (first, last activity date)} of the campaigns that exist."""
        return {
            item["campaign__slug"]: (item["first"], item["last"])
            for item in Activity.objects.filter(campaign__slug__in=slugs)
            .values("campaign__slug")
            .annotate(first=Min("date"), last=Max("date"))
        }

    def check(self, number, row, activities):
        if row["slug"]:
            try:
                validate_slug_in_url(row["slug"])
            except ValidationError:
                self.error(number, "slug", _(
                    "“%(slug)s” cannot stand in a web address: use only the letters a–z "
                    "and A–Z, digits, “-” and “_”."
                ) % {"slug": row["slug"]})  # fmt: skip
        as_imported = Campaign(start=row["start"], end=row["end"])
        for field, message in as_imported.refusals(activities).items():
            self.error(number, field, message)
        row["leader_ids"] = [
            rep.pk for rep in self.check_references(
                number, "leaders", row["leaders"] or [], self.people.found,
                _("Unknown deputy card number “%(name)s”."),
            )
        ]  # fmt: skip

    def write(self, rows):
        changes = Changes(self.campaigns, "slug")
        for _number, row in rows:
            row["campaign"] = changes.stage(
                row["slug"], {"title": row["title"], "start": row["start"], "end": row["end"]}
            )
        changes.save(["title", "start", "end"])
        wanted = {row["campaign"].pk: row["leader_ids"] for _n, row in rows}
        relinked = sync_links(Campaign.leaders.through, "campaign", "representative", wanted)
        changes.count(self.report, relinked)
