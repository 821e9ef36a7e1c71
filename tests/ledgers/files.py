"""Ledger files for the tests: rows written as .xlsx or as .csv in an encoding."""

import csv
import datetime
import io

import openpyxl

ROSTER = [
    ["代表证号", "姓名", "性别", "民族", "党派", "代表层级", "选举单位", "代表小组", "入组日期", "离组日期", "省级领导干部", "职务"],
    ["HN1", "周明华", "男", "汉族", "中共党员", "省", "娄底市", "娄底市第一代表小组", "2023-01-15", "", "否", "村支书"],
    ["HN1", "周明华", "男", "汉族", "中共党员", "省", "娄底市", "娄底市第三代表小组", "2023/1/15", "", "否", "村支书"],
    ["HN2", "刘桂兰", "女", "土家族", "群众", "省、市", "湘西州", "湘西州第一代表小组", "2023年1月15日", "", "否", "理事长"],
    ["HN3", "王建平", "男", "汉族", "中共党员", "省", "娄底市", "娄底市第一代表小组", "2023-01-15", "", "是", "副省长"],
]  # fmt: skip
CAMPAIGNS = [
    ["标识", "名称", "开始日期", "结束日期", "参加领导干部"],
    ["spring", "春季主题活动", "2024-03-01", "2024-06-30", "HN3"],
]
ACTIVITIES = [
    ["编号", "主题活动", "日期", "名称", "地点", "活动方式", "代表小组", "领导干部代表", "参加代表", "领域", "邀请厅局", "联工委陪同"],
    ["HD1", "spring", "2024-04-10", "调研农村学校", "娄星区", "参加所在代表小组活动", "娄底市第一代表小组", "HN3", "HN1、HN3；HN2", "教育;乡村振兴", "省教育厅", "是"],
    ["HD2", "", "2024/8/1", "年度述职", "吉首市", "own_group", "湘西州第一代表小组", "", "HN2", "乡村振兴", "", "否"],
]  # fmt: skip
PROBLEMS = [
    ["编号", "活动编号", "问题", "领域", "承办单位", "状态", "解决日期", "成效", "说明"],
    ["WT1", "HD1", "教师周转房不足", "教育", "省教育厅", "已解决", "2024-05-20", "新建40套", ""],
    ["WT2", "HD1", "村道养护经费", "乡村振兴", "省交通运输厅", "办理中", "", "", ""],
    ["WT3", "HD1", "校舍闲置", "教育", "省教育厅", "不能解决", "", "", "产权归村集体"],
]  # fmt: skip
OUTPUTS = [
    ["编号", "主题活动", "活动编号", "类型", "标题", "代表", "日期"],
    ["CG1", "spring", "HD1", "调研报告", "农村学校调研报告", "HN3、HN1", "2024-05-30"],
    ["CG2", "spring", "", "代表建议", "村道养护建议", "HN1", "2024年6月12日"],
]
CONTACTS = [
    ["单位", "开始日期", "结束日期", "主题活动", "联系群众人次", "解决问题数", "帮扶物资资金(元)"],
    ["娄底市", "2024-03-01", "2024-06-30", "spring", "12000", "350", "1500000"],
    ["湘西州", "2024-03-01", "2024-06-30", "spring", "8600", "210", "980000"],
]  # fmt: skip
MEDIA = [
    ["编号", "媒体", "标题", "日期", "链接", "主题活动", "活动编号"],
    ["BD1", "湖南日报", "春季主题活动综述", "2024-06-01", "https://example.com/a", "spring", ""],
    ["BD2", "红网", "娄星区调研农村学校", "2024/4/12", "", "", "HD1"],
]
SUGGESTIONS = [
    ["编号", "年度", "标题", "领衔代表", "附议代表", "提出日期", "领域", "主办单位", "协办单位", "交办日期", "复杂", "答复日期", "答复类别", "评价", "主题活动", "活动编号"],
    ["第0001号", "2024", "关于村道养护的建议", "HN1", "HN3", "2024-06-12", "乡村振兴", "省交通运输厅", "省财政厅", "2024-06-20", "否", "2024-09-10", "B", "满意", "spring", "HD1"],
    ["2", "2024", "关于教师周转房的建议", "HN2", "", "2024/7/1", "教育", "", "", "", "是", "", "", "", "", ""],
]  # fmt: skip
AREAS = [
    ["代码", "名称", "级别", "上级"],
    ["431371", "娄底经济技术开发区", "县市区", "娄底市"],
    ["", "吉首经济开发区", "县市区", "湘西州"],
]
LEDGERS = {
    "roster": ROSTER, "campaigns": CAMPAIGNS, "activities": ACTIVITIES,
    "problems": PROBLEMS, "outputs": OUTPUTS, "contacts": CONTACTS, "media": MEDIA,
    "suggestions": SUGGESTIONS,
}  # fmt: skip
ORDER = list(LEDGERS)
# The office's own areas, beside the `areas` fixture; their kind has its tests of its own
# (test_areas.py), on Hunan's divisions, so the kinds above do not depend on it.
LEDGERS["areas"] = AREAS
FORMATS = ["xlsx", "utf-8", "utf-8-sig", "gb18030"]


def as_file(rows, file_format="utf-8-sig"):
    """(file name, bytes) of `rows` as .xlsx or as .csv in the encoding `file_format`."""
    if file_format == "xlsx":
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        data = io.BytesIO()
        workbook.save(data)
        return "ledger.xlsx", data.getvalue()
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return "ledger.csv", text.getvalue().encode(file_format)


def saved(tmp_path, rows, file_format="utf-8-sig"):
    """The path of `rows` written as a file in `tmp_path`."""
    name, data = as_file(rows, file_format)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def changed(rows, row, column, value):
    """A copy of `rows` with one cell changed (row 0 is the header)."""
    copy = [list(r) for r in rows]
    copy[row][rows[0].index(column)] = value
    return copy


def repeated(kind, count, first=0):
    """The first data row of `kind` `count` times, each with a key of its own."""
    header, row = LEDGERS[kind][0], LEDGERS[kind][1]
    rows = [header]
    for n in range(first, first + count):
        copy = list(row)
        if kind == "contacts":  # keyed by area and period: move the start
            copy[1] = (datetime.date(2024, 1, 1) + datetime.timedelta(days=n)).isoformat()
        elif kind == "suggestions":  # keyed by year and number: a number of its own
            copy[0] = str(n + 1)
        else:
            copy[0] = f"{copy[0]}-{n}"
        rows.append(copy)
    return rows
