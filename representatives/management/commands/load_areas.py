"""Load a province's administrative divisions into the area tree.

A new office starts with no areas, and a roster names its cities and counties: this puts
the province, its cities/prefectures and their counties/districts (with their GB/T 2260
codes, from the list shipped in representatives/data/divisions.csv) into the tree, so
the roster's 选举单位 cells find them. It keeps every area already there (an office's
development zone, the demo's 湘西州), giving the code to those that are the list's
divisions; running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from representatives.divisions import counts, divisions, find_province, load_divisions, provinces


class Command(BaseCommand):
    help = (
        "Load a province's cities/prefectures and counties/districts, with their division "
        "codes, into the area tree: load_areas 湖南省 (or 430000). Keeps the areas already "
        "there; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "province", nargs="+", help="a province's name or code (湖南省, 430000)"
        )
        parser.add_argument("--dry-run", action="store_true", help="say what it would do")

    def handle(self, *args, **options):
        chosen = []
        for text in options["province"]:
            province = find_province(text)
            if province is None:
                raise CommandError(
                    _("No province is called “%(name)s”. Name one of: %(names)s.")
                    % {"name": text, "names": "、".join(p.name for p in provinces())}
                )
            chosen.append(province)
        self.stdout.write(_("Divisions: %(source)s.") % {"source": divisions()[0]})
        for province in chosen:
            loaded = load_divisions(province, dry_run=options["dry_run"])
            self.report(province, loaded, options)

    def report(self, province, loaded, options):
        def listed(areas):
            return "，".join(f"{kind} {n}" for kind, n in counts(areas).items()) or "0"

        dry = options["dry_run"]
        verbose = options["verbosity"] > 1
        self.stdout.write(
            _("%(province)s (%(code)s):") % {"province": province.name, "code": province.code}
        )
        created = _("would create") if dry else _("created")
        self.stdout.write(f"  {created}: {listed(loaded.created)}")
        for area in loaded.created if verbose else []:
            self.stdout.write(f"    + {area.code} {area.name}")
        coded = _("would give its code to") if dry else _("gave its code to")
        self.stdout.write(f"  {coded}: {listed(loaded.coded)}")
        for area in loaded.coded:
            self.stdout.write(f"    {area.code} {area.name}")
        self.stdout.write(f"  {_('already there')}: {listed(loaded.unchanged)}")
        for area in loaded.kept:
            kept = _("kept %(name)s with its own code %(code)s")
            self.stdout.write("  " + kept % {"name": area.name, "code": area.code})
        if not (loaded.created or loaded.coded):
            self.stdout.write("  " + _("Nothing to change."))
