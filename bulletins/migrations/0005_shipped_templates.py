"""The article's shipped templates, stored for the office to edit, and the roles' rights
on them: admins edit the templates and the outlets' order; the others never see them.

The wording is frozen here as shipped: `bulletins.article` keeps the defaults the draft
falls back on, and a test holds a fresh database to them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECTIONS = [
    ("lead", ""),
    ("leaders", "领导干部代表带头参加，活动方式灵活多样。"),
    ("groups", "代表小组广泛参与，活动开展扎实有效。"),
    ("problems", "聚焦“急难愁盼”，为群众办实事解难题。"),
    ("results", "成果丰硕，示范带动作用明显。"),
    ("publicity", "组织保障有力，宣传报道广泛。"),
]

SENTENCES = {
    "title": "“{campaign}”代表小组主题活动取得明显成效",
    "lead.opening": "{period}，省人大常委会联工委组织省级领导干部中的省人大代表开展了“{campaign}”代表小组主题活动。",
    "lead.taking_part": "{leaders_participated}位省级领导干部代表参加了主题活动，产生了良好的政治效果和社会效果。",
    "lead.topics": "活动主题涉及{topics}等多个方面。",
    "leaders.modes": "从活动方式看，省级领导干部代表{modes}。",
    "leaders.contact_point": "{leader}深入党史学习教育基层联系点{place}开展调研。",
    "leaders.joint_groups": "{leader}组织所在的{group}代表到{place}联合开展专题调研。",
    "leaders.guests": "{leader}参加所在的{group}活动，邀请{guests}名其他代表小组的代表与小组代表们一起开展调研座谈。",
    "leaders.closing": "多种方式相互交融，增强了代表小组活力，调动了代表参加小组活动的积极性。",
    "groups.members": "据统计，{leaders_enrolled}名省级领导干部代表所在代表小组中的{members}名代表有{members_participated}名参加了主题活动，参加率为{rate}%。",
    "groups.work": "各代表小组共开展活动{activities}次，深入基层一线察民情、听民声、聚民智。",
    "groups.departments": "其间，{departments}等{n_departments}个省直厅局负责同志应邀参加调研座谈。",
    "problems.raised": "活动中共收集群众“急难愁盼”问题{problems_total}个。",
    "problems.highlight": "{leader}{visit}，{actions}。",
    "problems.resolved": "总的来看，省级领导干部代表共帮助解决群众和基层反映的突出问题{resolved}个。",
    "problems.in_progress": "另有{in_progress}个问题正在办理中。",
    "results.outputs": "各位领导干部代表共指导形成调研报告或代表建议{reports}份。",
    "results.contacts": "在领导干部代表的示范带动下，全省各级人大代表走访联系群众{person_times}人次，帮助群众解决问题{problems_solved}个，落实帮扶物资或资金{aid_yuan}元。",
    "publicity.accompanied": "委员会领导和相关处室全程参加了{accompanied}位省级领导干部代表开展的主题活动。",
    "publicity.outlets": "{outlets}等媒体对主题活动进行了宣传报道，营造了良好的舆论氛围。",
    "mode.own_group": "参加所在代表小组活动{n}次",
    "mode.own_unit": "和所在小组代表在原选举单位内开展活动{n}次",
    "mode.joint_groups": "联合原选举单位其他小组代表一起开展活动{n}次",
    "mode.contact_point": "到党史学习教育基层联系点开展活动{n}次",
    "mode.cross_group": "跨所在代表小组开展活动{n}次",
    "mode.other": "以其他方式开展活动{n}次",
    "visit.own_group": "到{place}参加主题活动",
    "visit.own_unit": "与所在小组代表到{place}开展主题活动",
    "visit.joint_groups": "联合原选举单位其他小组代表到{place}开展主题活动",
    "visit.contact_point": "到党史学习教育基层联系点{place}开展主题活动",
    "visit.cross_group": "跨代表小组到{place}开展主题活动",
    "visit.other": "到{place}开展调研",
    "action.helped": "帮助解决{problem}",
    "action.pushed": "推动解决{problem}",
    "action.landing": "推动{project}尽快落地",
    "action.noted": "重点关注{problem}",
    "action.outcome": "{action}，{outcome}",
}

MODELS = ["articlesection", "articlesentence", "outlet"]


def ship(apps, schema_editor):
    ArticleSection = apps.get_model("bulletins", "ArticleSection")
    ArticleSentence = apps.get_model("bulletins", "ArticleSentence")
    for position, (key, heading) in enumerate(SECTIONS, start=1):
        ArticleSection.objects.get_or_create(
            key=key, defaults={"heading": heading, "position": position}
        )
    for key, text in SENTENCES.items():
        ArticleSentence.objects.get_or_create(key=key, defaults={"text": text})

    app_config = apps.get_app_config("bulletins")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(
        content_type__app_label="bulletins", content_type__model__in=MODELS
    )
    # get_or_create: a database emptied by `flush` has lost the roles of accounts' migrations.
    Group.objects.get_or_create(name="admins")[0].permissions.add(*ours)


def unship(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(
        content_type__app_label="bulletins", content_type__model__in=MODELS
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0004_article_templates"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(ship, unship)]
