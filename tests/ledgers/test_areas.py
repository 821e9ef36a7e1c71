"""A new office's first day: `load_areas 湖南省`, then a roster whose 选举单位 cells find
Hunan's cities and counties by name, code or short name; and the areas ledger for the
units an office adds itself, with the all-or-nothing rules of every kind."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from ledgers.models import ImportRecord
from ledgers.roster import RosterImporter
from representatives.models import Area, Group, Mandate
from tests.conftest import kept_for_the_module, login

from .conftest import database_state, errors, outcome, run_import
from .files import FORMATS, as_file

pytestmark = pytest.mark.django_db

ROSTER_HEADER = ["代表证号", "姓名", "性别", "民族", "党派", "代表层级", "选举单位", "代表小组",
                 "入组日期", "离组日期", "省级领导干部", "职务"]  # fmt: skip
AREAS_HEADER = ["代码", "名称", "级别", "上级"]
LOAD_AREAS = "可用“python manage.py load_areas 湖南省”（省名或代码）载入全省行政区划"


def roster(*units):
    """A roster of one deputy a unit, each in a group of their unit."""
    return [ROSTER_HEADER] + [
        [f"HN{n}", f"代表{n}", "男", "汉族", "群众", "省", unit, f"{unit}第一代表小组",
         "2023-01-15", "", "否", ""]
        for n, unit in enumerate(units, start=1)
    ]  # fmt: skip


def unit_of(code):
    return Mandate.objects.select_related("electoral_unit").get(representative__code=code)


@pytest.fixture(scope="module", autouse=True)
def hunan(django_db_setup, django_db_blocker):
    """A fresh database with Hunan's divisions loaded, and nothing typed by hand."""
    with kept_for_the_module(django_db_blocker):
        call_command("load_areas", "湖南省", stdout=io.StringIO())
        yield


@pytest.fixture
def admin_client(db, django_user_model):
    return login(django_user_model, "office-admin", Role.ADMIN)


def upload(client, rows, kind):
    name, data = as_file(rows)
    return client.post(
        reverse("ledgers:import-upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


# --- a roster's 选举单位 ------------------------------------------------------------


def test_a_roster_naming_hunan_s_cities_and_counties_imports_through_the_page(admin_client):
    units = ["长沙市", "长沙县", "株洲市", "醴陵市", "湘西土家族苗族自治州", "吉首市", "娄星区"]

    upload(admin_client, roster(*units), "roster")
    record = ImportRecord.objects.get()
    admin_client.post(reverse("ledgers:import-confirm", args=[record.pk]))

    record.refresh_from_db()
    assert (record.status, record.summary["errors"]) == ("applied", [])
    assert [unit_of(f"HN{n}").electoral_unit.name for n in range(1, 8)] == units
    assert Area.objects.count() == 1 + 14 + 122  # no area typed by hand, none created


def test_changsha_county_and_changsha_city_stay_two_units():
    report = run_import("roster", roster("长沙县", "长沙市"))

    assert report.ok, report.errors
    assert (unit_of("HN1").electoral_unit.code, unit_of("HN2").electoral_unit.code) == (
        "430121", "430100",
    )  # fmt: skip


@pytest.mark.parametrize(
    "cell, code",
    [
        ("湘西州", "433100"),  # the common short name of 湘西土家族苗族自治州
        ("湘西土家族苗族自治州", "433100"),
        ("芷江县", "431228"),  # 芷江侗族自治县
        ("430121", "430121"),  # a code: 长沙县
        ("433100", "433100"),
    ],
)
def test_a_unit_is_found_by_exact_name_code_or_short_name(cell, code):
    report = run_import("roster", roster(cell))

    assert report.ok, report.errors
    assert unit_of("HN1").electoral_unit.code == code


def test_a_code_typed_as_a_number_in_a_workbook_finds_its_unit():
    rows = roster("长沙县")
    rows[1][ROSTER_HEADER.index("选举单位")] = 430121  # Excel keeps it as a number

    report = run_import("roster", rows, "xlsx")

    assert report.ok, report.errors
    assert unit_of("HN1").electoral_unit.name == "长沙县"


def test_an_unknown_unit_lists_the_candidates_and_how_to_load_the_divisions():
    report = run_import("roster", roster("长沙"))

    ((row, column, message),) = errors(report)
    assert (row, column) == (2, "选举单位")
    assert message.startswith(
        "没有名为“长沙”的地区。是否指：长沙市（湖南省，430100）、长沙县（长沙市，430121）？"
    )
    assert LOAD_AREAS in message


def test_an_ambiguous_unit_names_its_candidates_and_nothing_is_saved():
    for city in ["长沙市", "株洲市"]:  # two offices called their zones alike
        Area.objects.create(
            name="高新区", kind=Area.Kind.COUNTY, parent=Area.objects.get(name=city)
        )
    before = database_state()

    report = run_import("roster", roster("娄底市", "高新区"))

    assert errors(report) == [
        (3, "选举单位",
         "有多个地区名为“高新区”：高新区（长沙市）、高新区（株洲市）。请填写所指地区的区划代码。")
    ]  # fmt: skip
    assert database_state() == before


def test_the_units_of_a_file_are_found_in_one_query(django_assert_num_queries):
    names = [*Area.objects.values_list("name", flat=True), "430121", "湘西州", "无此县"]
    importer = RosterImporter()

    with django_assert_num_queries(1):  # every area once; each distinct name worked out once
        found = [importer.area_named(n, "electoral_unit", name) for n, name in enumerate(names * 3)]

    assert len([area for area in found if area is not None]) == 3 * (137 + 2)
    assert len(importer.report.errors) == 3


def test_a_new_group_of_an_activities_file_lies_in_the_unit_its_name_begins_with():
    header = ["编号", "主题活动", "日期", "名称", "地点", "活动方式", "代表小组", "领导干部代表",
              "参加代表", "领域", "邀请厅局", "联工委陪同"]  # fmt: skip
    groups = "湘西州第九代表小组、长沙县第二代表小组"
    row = ["HD1", "", "2024-04-10", "调研", "吉首市", "参加所在代表小组活动", groups, "", "", "",
           "", "否"]  # fmt: skip

    report = run_import("activities", [header, row])

    assert report.ok, report.errors
    assert sorted(Group.objects.values_list("name", "area__code")) == [
        ("湘西州第九代表小组", "433100"), ("长沙县第二代表小组", "430121"),
    ]  # fmt: skip


# --- the areas ledger --------------------------------------------------------------

ZONES = [
    AREAS_HEADER,
    ["430671", "岳阳市屈原管理区", "县市区", "岳阳市"],
    ["", "长沙经济技术开发区", "县市区", "长沙市"],
    ["", "湘江新区", "市州", "湖南省"],
    ["", "湘江新区坪塘片区", "县市区", "湘江新区"],  # under the unit of the row above
]


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_areas_file_adds_an_office_s_units_and_a_second_import_changes_nothing(file_format):
    first = run_import("areas", ZONES, file_format)
    before = database_state()
    second = run_import("areas", ZONES, file_format)

    assert outcome(first) == ({"地区": 4}, {}, {})
    assert outcome(second) == ({}, {}, {"地区": 4})
    assert database_state() == before
    zone = Area.objects.get(name="湘江新区坪塘片区")
    assert (zone.kind, zone.parent.name, zone.parent.parent.code) == (
        "county",
        "湘江新区",
        "430000",
    )
    assert Area.objects.get(code="430671").parent.name == "岳阳市"


def test_an_areas_import_is_in_the_history_as_an_import():
    run_import("areas", ZONES)

    created = LogEntry.objects.get_for_model(Area).filter(action=LogEntry.Action.CREATE)
    imported = created.filter(additional_data__path="import")
    assert sorted(imported.values_list("object_repr", flat=True)) == sorted(
        row[1] for row in ZONES[1:]
    )


def test_a_changed_row_updates_its_area_found_by_code():
    run_import("areas", ZONES)
    renamed = [AREAS_HEADER, ["430671", "屈原管理区", "县市区", "岳阳市"]]

    report = run_import("areas", renamed)

    assert outcome(report) == ({}, {"地区": 1}, {})
    assert Area.objects.get(code="430671").name == "屈原管理区"
    entry = LogEntry.objects.get_for_model(Area).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict == {"name": ["岳阳市屈原管理区", "屈原管理区"]}


def test_a_row_without_a_code_finds_its_area_by_name_under_its_parent_and_gives_it_one():
    Area.objects.filter(code="430121").update(code="")  # as an office typed it
    report = run_import("areas", [AREAS_HEADER, ["430121", "长沙县", "县市区", "长沙市"]])

    assert outcome(report) == ({}, {"地区": 1}, {})
    assert Area.objects.get(name="长沙县").code == "430121"


@pytest.mark.parametrize(
    "row, column, reason",
    [
        (["43012", "某区", "县市区", "长沙市"], "代码", "区划代码为 6 至 12 位数字（如 430100）。"),
        (["", "某区", "区", "长沙市"], "级别", "“区”不是以下之一：省、市州、县市区、乡镇。"),
        (["", "", "县市区", "长沙市"], "名称", "此项必填。"),
        (["", "某区", "县市区", ""], "上级", "请填写上级地区。"),
        (["", "某区", "县市区", "芙蓉区"], "上级",
         "级别为“县市区”的地区不能隶属于芙蓉区（县市区）。"),
        (["", "某省", "省", "湖南省"], "上级", "级别为“省”的地区不能隶属于湖南省（省）。"),
        (["430102", "岳麓区", "县市区", "长沙市"], "名称", "长沙市下已有另一个名为岳麓区的地区。"),
        (["", "岳麓区", "县市区", "长沙市"], "名称", "与第 2 行是同一地区。"),
        (["430100", "长沙市", "市州", "长沙县"], "上级",
         "级别为“市州”的地区不能隶属于长沙县（县市区）。"),
        (["430100", "长沙市", "县市区", "湖南省"], "级别",
         "长沙市下辖同级或更高级别的地区，不能改为“县市区”。"),
    ],
)  # fmt: skip
def test_a_bad_row_of_an_areas_file_is_named_and_nothing_is_saved(row, column, reason):
    rows = [AREAS_HEADER, ["430104", "岳麓区", "县市区", "长沙市"], row]
    before = database_state()

    report = run_import("areas", rows)

    assert errors(report) == [(3, column, reason)]
    assert database_state() == before


def test_a_parent_on_a_row_below_is_unknown_where_it_is_named():
    rows = [
        AREAS_HEADER,
        ["", "坪塘片区", "县市区", "湘江新区"],
        ["", "湘江新区", "市州", "湖南省"],
    ]

    report = run_import("areas", rows)

    ((row, column, message),) = errors(report)
    assert (row, column) == (2, "上级")
    assert message.startswith("没有名为“湘江新区”的地区。")
    assert message.endswith("本文件新增的地区，只能在其所在行以下的行中作为上级。")
    assert not Area.objects.filter(name__in=["坪塘片区", "湘江新区"]).exists()


def test_staff_are_not_offered_areas_and_a_scoped_user_is_refused(django_user_model):
    city = Area.objects.get(name="长沙市")
    staff = login(django_user_model, "staff-cs", Role.STAFF, [city])
    admin_of_a_city = login(django_user_model, "admin-cs", Role.ADMIN, [city])

    response = upload(staff, ZONES, "areas")
    report = run_import("areas", ZONES, user=admin_of_a_city.user)

    assert "areas" in response.context["form"].errors["kind"][0]
    assert errors(report) == [(None, "", "此类文件只能由负责全省的用户导入。")]
    assert not Area.objects.filter(name="湘江新区").exists()


def test_an_admin_imports_areas_through_the_page(admin_client):
    upload(admin_client, ZONES, "areas")
    record = ImportRecord.objects.get()
    admin_client.post(reverse("ledgers:import-confirm", args=[record.pk]))

    record.refresh_from_db()
    assert (record.status, record.summary["created"]) == ("applied", {"地区": 4})


def test_the_areas_export_reimports_unchanged(admin_client):
    run_import("areas", ZONES)
    before = database_state()

    response = admin_client.get(reverse("ledgers:export", args=["areas", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    report = run_import("areas", rows)

    assert rows[:3] == [AREAS_HEADER, ["430000", "湖南省", "省", ""],
                        ["430100", "长沙市", "市州", "湖南省"]]  # fmt: skip
    assert outcome(report) == ({}, {}, {"地区": 137 + 4})
    assert database_state() == before


def test_the_areas_export_takes_the_area_and_level_filters(admin_client):
    changsha = Area.objects.get(code="430100")
    url = reverse("ledgers:export", args=["areas", "csv"])

    def exported(query):
        response = admin_client.get(url, query)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))[1:]

    within = exported({"area": changsha.pk})
    counties = exported({"kind": "county"})

    assert [row[1] for row in within[:3]] == ["长沙市", "芙蓉区", "天心区"]
    assert len(within) == 1 + 9 and within[0][3] == "湖南省"
    assert len(counties) == 122
    assert outcome(run_import("areas", [AREAS_HEADER, *within])) == ({}, {}, {"地区": 10})
