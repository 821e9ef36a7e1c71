"""The columns of the files offices exchange (DESIGN.md, "Files offices exchange").

One table per kind, read by the importers and written by the exports, so that an export
re-imports unchanged. Inside the code a column is known by its English alias.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header offices write
    alias: str  # the English header, accepted too; the field's name in the code
    required: bool = False
    # "app.Model.field" a cell (or each item of a list) is stored in or looked up by, so
    # the importer checks it fits (length, range) before the database would refuse it.
    field: str = ""

    @property
    def model_field(self):
        app, model, name = self.field.split(".")
        return apps.get_model(app, model)._meta.get_field(name)


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[Column, ...]

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def column(self, alias):
        return next(column for column in self.columns if column.alias == alias)

    def header_for(self, alias):
        return self.column(alias).header


ROSTER = Layout(
    "roster",
    (
        Column("代表证号", "code", required=True, field="representatives.Representative.code"),
        Column("姓名", "name", required=True, field="representatives.Representative.name"),
        Column("性别", "gender"),
        Column("民族", "ethnicity", field="representatives.Representative.ethnicity"),
        Column("党派", "party", field="representatives.Representative.party"),
        Column("代表层级", "levels"),
        Column("选举单位", "electoral_unit", field="representatives.Area.name"),
        Column("代表小组", "groups", field="representatives.Group.name"),
        Column("入组日期", "joined"),
        Column("离组日期", "left"),
        Column("省级领导干部", "provincial_leader"),
        Column("职务", "post", field="representatives.Representative.post"),
    ),
)

AREAS = Layout(
    "areas",
    (
        Column("代码", "code", field="representatives.Area.code"),
        Column("名称", "name", required=True, field="representatives.Area.name"),
        Column("级别", "kind", required=True),
        Column("上级", "parent", field="representatives.Area.name"),
    ),
)

CAMPAIGNS = Layout(
    "campaigns",
    (
        Column("标识", "slug", required=True, field="activities.Campaign.slug"),
        Column("名称", "title", required=True, field="activities.Campaign.title"),
        Column("开始日期", "start", required=True),
        Column("结束日期", "end", required=True),
        Column("参加领导干部", "leaders", field="representatives.Representative.code"),
    ),
)

ACTIVITIES = Layout(
    "activities",
    (
        Column("编号", "ref", required=True, field="activities.Activity.ref"),
        Column("主题活动", "campaign", field="activities.Campaign.slug"),
        Column("日期", "date", required=True),
        Column("名称", "title", required=True, field="activities.Activity.title"),
        Column("地点", "place", field="activities.Activity.place"),
        Column("活动方式", "mode"),
        Column("代表小组", "groups", field="representatives.Group.name"),
        Column("领导干部代表", "leaders", field="representatives.Representative.code"),
        Column("参加代表", "attendees", field="representatives.Representative.code"),
        Column("领域", "topics", field="activities.Topic.name"),
        Column("邀请厅局", "departments", field="activities.Department.name"),
        Column("联工委陪同", "accompanied"),
    ),
)

PROBLEMS = Layout(
    "problems",
    (
        Column("编号", "ref", required=True, field="activities.Problem.ref"),
        Column("活动编号", "activity", required=True, field="activities.Activity.ref"),
        Column("问题", "title", required=True, field="activities.Problem.title"),
        Column("领域", "topic", field="activities.Topic.name"),
        Column("承办单位", "department", field="activities.Department.name"),
        Column("状态", "status"),
        Column("解决日期", "resolved_on"),
        Column("成效", "outcome", field="activities.Problem.outcome"),
        Column("说明", "note"),
    ),
)

OUTPUTS = Layout(
    "outputs",
    (
        Column("编号", "ref", required=True, field="activities.Output.ref"),
        Column("主题活动", "campaign", field="activities.Campaign.slug"),
        Column("活动编号", "activity", field="activities.Activity.ref"),
        Column("类型", "kind", required=True),
        Column("标题", "title", required=True, field="activities.Output.title"),
        Column("代表", "representatives", field="representatives.Representative.code"),
        Column("日期", "date"),
    ),
)

CONTACTS = Layout(
    "contacts",
    (
        Column("单位", "area", required=True, field="representatives.Area.name"),
        Column("开始日期", "start", required=True),
        Column("结束日期", "end", required=True),
        Column("主题活动", "campaign", field="activities.Campaign.slug"),
        Column("联系群众人次", "person_times", field="activities.ContactTally.person_times"),
        Column("解决问题数", "problems_solved", field="activities.ContactTally.problems_solved"),
        Column("帮扶物资资金(元)", "aid_yuan", field="activities.ContactTally.aid_yuan"),
    ),
)

MEDIA = Layout(
    "media",
    (
        Column("编号", "ref", required=True, field="activities.MediaReport.ref"),
        Column("媒体", "outlet", required=True, field="activities.MediaReport.outlet"),
        Column("标题", "title", required=True, field="activities.MediaReport.title"),
        Column("日期", "published_on", required=True),
        Column("链接", "url", field="activities.MediaReport.url"),
        Column("主题活动", "campaign", field="activities.Campaign.slug"),
        Column("活动编号", "activity", field="activities.Activity.ref"),
    ),
)

# Deputies' suggestions 代表建议 (DESIGN "Suggestions"): a row carries the latest reply and
# rating; the timeline lives in the app. Keyed by 年度 and 编号 (provincial level).
SUGGESTIONS = Layout(
    "suggestions",
    (
        Column("编号", "number", required=True),
        Column("年度", "year", required=True),
        Column("标题", "title", required=True, field="suggestions.Suggestion.title"),
        Column("领衔代表", "lead", required=True, field="representatives.Representative.code"),
        Column("附议代表", "seconders", field="representatives.Representative.code"),
        Column("提出日期", "submitted", required=True),
        Column("领域", "topic", field="activities.Topic.name"),
        Column("主办单位", "lead_unit", field="activities.Department.name"),
        Column("协办单位", "co_units", field="activities.Department.name"),
        Column("交办日期", "assigned"),
        Column("复杂", "complex"),
        Column("答复日期", "replied"),
        Column("答复类别", "class"),
        Column("评价", "rating"),
        Column("主题活动", "campaign", field="activities.Campaign.slug"),
        Column("活动编号", "activity", field="activities.Activity.ref"),
    ),
)

# Duties 履职记录 outside the groups' activities (archives): sessions, inspections,
# training, reports to voters, commendations; the deputies by card number.
DUTIES = Layout(
    "duties",
    (
        Column("编号", "ref", required=True, field="archives.Duty.ref"),
        Column("类别", "kind", required=True),
        Column("日期", "date", required=True),
        Column("名称", "title", required=True, field="archives.Duty.title"),
        Column("代表", "representatives", required=True,
               field="representatives.Representative.code"),
        Column("来源", "source", field="archives.Duty.source"),
        Column("说明", "note"),
    ),
)  # fmt: skip

# Posts held 任职 (时任), a row each: keyed by the deputy and the date the post began.
POSTS = Layout(
    "posts",
    (
        Column("代表证号", "code", required=True, field="representatives.Representative.code"),
        Column("职务", "title", required=True, field="representatives.PostHeld.title"),
        Column("任职日期", "started"),
        Column("离任日期", "ended"),
    ),
)

LAYOUTS = {
    layout.kind: layout
    for layout in (
        AREAS,
        ROSTER,
        CAMPAIGNS,
        ACTIVITIES,
        PROBLEMS,
        OUTPUTS,
        CONTACTS,
        MEDIA,
        SUGGESTIONS,
        DUTIES,
        POSTS,
    )
}

LIST_SEPARATORS = "、;；,，"
