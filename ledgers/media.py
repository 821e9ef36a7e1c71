"""Importing media reports 宣传报道 of a campaign or of an activity, keyed by their ref.

What the import creates, and each field it changes old → new, goes into the history."""

from activities.models import Activity, Campaign, MediaReport

from .cells import parse_date, parse_link, text
from .columns import MEDIA
from .importing import Changes, Importer, Lookup

FIELDS = ["outlet", "title", "published_on", "url", "campaign", "activity"]


class MediaImporter(Importer):
    layout = MEDIA

    def prepare(self):
        self.campaigns = Lookup(Campaign, "slug")
        self.activities = Lookup(Activity, "ref")
        self.reports = Lookup(MediaReport, "ref")

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "ref": text, "outlet": text, "title": text, "published_on": parse_date,
            "url": parse_link, "campaign": text, "activity": text,
        })) for n, row in batch]  # fmt: skip
        self.campaigns.load(row["campaign"] for _n, row in rows)
        self.activities.load(row["activity"] for _n, row in rows)
        self.reports.load(row["ref"] for _n, row in rows)
        self.outside = self.outside_scope(Activity, self.activities.found.values())
        self.outside_reports = self.outside_scope(MediaReport, self.reports.found.values())
        self.check_then_write(rows)

    def check(self, number, row):
        self.check_key(number, "ref", row["ref"])
        report = self.reports.get(row["ref"])
        if report is not None and report.pk in self.outside_reports:
            self.refuse_outside(number, "ref", row["ref"])
        campaign, activity = self.check_campaign_and_activity(number, row)
        as_imported = MediaReport(campaign=campaign, activity=activity)
        for field, message in as_imported.refusals().items():
            self.error(number, field, message)
        row["campaign_obj"], row["activity_obj"] = campaign, activity

    def write(self, rows):
        changes = Changes(self.reports, "ref", importer=self)
        for row in rows:
            changes.stage(row["ref"], {
                "outlet": row["outlet"], "title": row["title"],
                "published_on": row["published_on"], "url": row["url"] or "",
                "campaign": row["campaign_obj"], "activity": row["activity_obj"],
            })  # fmt: skip
        changes.save(FIELDS)
        changes.count(self.report)
