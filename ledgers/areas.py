"""Importing areas 地区: the units an office's deputies are elected in, where they differ
from the divisions `load_areas` loads (a development zone, a 管理区, merged counties).

A row is an area: 代码 (its division code, or empty), 名称, 级别 and 上级 (the area it lies
in, by name, code or short name, as a roster's 选举单位 is read: one that exists, or one
on a row above, so a file may add a city and its counties). A row is the area with its
code, or else the one of its name under the same 上级; any other is created. A matched
area takes the row's name, level, place and code (an empty 代码 leaves its code alone).
Nothing is ever deleted. Areas are the province's: only a user of the whole province
imports them (admins), and every area a row touches is checked before anything is
written: a parent lies above its children (省 › 市州 › 县市区 › 乡镇), a name is unique
under its parent, a code unique, no area is moved below itself.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from lianluo import history
from representatives.divisions import RANK, AreaNames, in_a_row
from representatives.models import Area

from .cells import chinese_label, parse_choice, text
from .columns import AREAS
from .importing import Importer, label

CODE = re.compile(r"^\d{6,12}$")
FIELDS = ["code", "name", "kind", "parent"]


class AreaImporter(Importer):
    layout = AREAS
    province_wide = True

    def prepare(self):
        self.names = AreaNames()  # every area, in one query
        self.areas = {id(area): area for area in self.names.by_pk.values()}
        self.parent_of = {key: self.names.by_pk.get(a.parent_id) for key, a in self.areas.items()}
        self.touched = {}  # id(area) → the row that gives it
        self.created, self.changed, self.unchanged = [], {}, 0

    def import_batch(self, batch):
        for number, row in batch:
            errors_before = len(self.report.errors)
            values = self.cells(number, row, {
                "code": text, "name": text, "parent": text,
                "kind": lambda v: parse_choice(v, Area.Kind),
            })  # fmt: skip
            if values["code"] and not CODE.match(values["code"]):
                self.error(number, "code", _("A division code is 6 to 12 digits (430100)."))
            if len(self.report.errors) == errors_before:
                self.check_row(number, values)

    def check_row(self, number, row):
        parent = self.parent(number, row)
        if parent is False:
            return
        if not self.fits_under(number, row["kind"], parent):
            return
        area = self.names.by_code.get(row["code"]) if row["code"] else None
        area = area or self.named_under(row["name"], parent)
        if area is not None and id(area) in self.touched:
            self.error(number, "name", _("Row %(row)s gives the same area.") % {
                "row": self.touched[id(area)]
            })  # fmt: skip
            return
        if not self.free_name(number, row["name"], parent, area):
            return
        if area is None:
            self.create(number, row, parent)
        elif self.may_change(number, area, row, parent):
            self.update(number, area, row, parent)

    def parent(self, number, row):
        """The area the 上级 cell names (None for none), or False with the row's error."""
        if not row["parent"]:
            return None
        found = self.names.find(row["parent"])
        if found is None:
            message = in_a_row(
                self.names.explain(row["parent"]),
                _("An area this file adds is named as a 上级 only on the rows below its own."),
            )
            self.error(number, "parent", message)
            return False
        return found

    def fits_under(self, number, kind, parent):
        """A province stands alone; any other area lies below an area of a higher level."""
        if parent is None and kind != Area.Kind.PROVINCE:
            self.error(number, "parent", _("Name the area it lies in."))
            return False
        if parent is not None and RANK[parent.kind] >= RANK[kind]:
            self.error(number, "parent", _(
                "A %(kind)s cannot lie in %(parent)s, a %(parent_kind)s."
            ) % {
                "kind": chinese_label(Area.Kind(kind)), "parent": parent.name,
                "parent_kind": chinese_label(Area.Kind(parent.kind)),
            })  # fmt: skip
            return False
        return True

    def named_under(self, name, parent):
        """The area called `name` under `parent` (None: a province), if any."""
        named = self.names.by_name.get(name, [])
        return next((area for area in named if self.parent_of[id(area)] is parent), None)

    def free_name(self, number, name, parent, area):
        """Whether `area` (None: a new one) may be called `name` under `parent`."""
        other = self.named_under(name, parent)
        if other is None or other is area:
            return True
        if parent is None:
            message = _("Another province is already called %(name)s.") % {"name": name}
        else:
            message = _("%(parent)s already holds another area called %(name)s.") % {
                "parent": parent.name,
                "name": name,
            }
        self.error(number, "name", message)
        return False

    def may_change(self, number, area, row, parent):
        """An area keeps its children below it, and is not moved below itself."""
        above = parent
        while above is not None:
            if above is area:
                self.error(number, "parent", _("An area cannot lie within itself."))
                return False
            above = self.parent_of[id(above)]
        if row["kind"] != area.kind:
            lowest = min(
                (RANK[self.areas[key].kind] for key, above in self.parent_of.items()
                 if above is area),
                default=None,
            )  # fmt: skip
            if lowest is not None and lowest <= RANK[row["kind"]]:
                self.error(number, "kind", _(
                    "%(name)s holds areas of this level or above: it cannot become a %(kind)s."
                ) % {"name": area.name, "kind": chinese_label(Area.Kind(row["kind"]))})  # fmt: skip
                return False
        return True

    def create(self, number, row, parent):
        area = Area(code=row["code"], name=row["name"], kind=row["kind"], parent=parent)
        self.names.add(area)
        self.areas[id(area)] = area
        self.parent_of[id(area)] = parent
        self.touched[id(area)] = number
        self.created.append(area)

    def update(self, number, area, row, parent):
        wanted = {"code": row["code"] or area.code, "name": row["name"], "kind": row["kind"]}
        changes = {
            field: (getattr(area, field), value)
            for field, value in wanted.items()
            if getattr(area, field) != value
        }
        old_parent = self.parent_of[id(area)]
        if parent is not old_parent:
            changes["parent"] = (old_parent, parent)  # the history names each by its key
        self.touched[id(area)] = number
        if not changes:
            self.unchanged += 1
            return
        self.names.forget(area)
        for field, (_old, new) in changes.items():
            setattr(area, field, new)
        self.names.add(area)
        self.parent_of[id(area)] = parent
        self.changed.setdefault(area, {}).update(changes)

    def finish(self):
        if not self.report.ok:
            return
        waves = defaultdict(list)  # new areas by how many new areas lie above them
        for area in self.created:
            depth, above = 0, self.parent_of[id(area)]
            while above is not None and above.pk is None:
                depth, above = depth + 1, self.parent_of[id(above)]
            waves[depth].append(area)
        for depth in sorted(waves):  # parents first: their children need their keys
            Area.objects.bulk_create(waves[depth])
        Area.objects.bulk_update(list(self.changed), FIELDS)
        history.log_bulk(Area, created=self.created, changed=self.changed)
        self.report.count(label(Area), "created", len(self.created))
        self.report.count(label(Area), "updated", len(self.changed))
        self.report.count(label(Area), "unchanged", self.unchanged)
