"""The protocol order a new installation starts with: the seed's order of the province's
leading posts (省委书记, 省长, 省人大常委会主任, 省政协主席, 省委副书记, 省委常委 …), which
admins then change in the admin. Written out here, as it stood when shipped: a later
change of `protocol.DEFAULT_RANKS` is not this migration's."""

from django.db import migrations

RANKS = [
    ("省委书记", 10),
    ("省长", 20),
    ("省人大常委会主任", 30),
    ("省政协主席", 40),
    ("省委副书记", 50),
    ("省人大常委会党组书记", 60),
    ("省人大常委会常务副主任", 60),
    ("省委常委", 70),
    ("省人大常委会党组副书记", 80),
    ("省人大常委会副主任", 90),
    ("副省长", 100),
    ("省政协副主席", 110),
    ("省监察委员会主任", 120),
    ("省高级人民法院院长", 130),
    ("省人民检察院检察长", 140),
    ("省人大常委会秘书长", 150),
    ("省人民政府秘书长", 160),
    ("省政府秘书长", 160),
    ("省政协秘书长", 170),
]


def add_ranks(apps, schema_editor):
    PostRank = apps.get_model("representatives", "PostRank")
    for keyword, rank in RANKS:
        PostRank.objects.get_or_create(keyword=keyword, defaults={"rank": rank})


def remove_ranks(apps, schema_editor):
    PostRank = apps.get_model("representatives", "PostRank")
    PostRank.objects.filter(keyword__in=[keyword for keyword, _ in RANKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0008_post_rank"),
    ]

    operations = [migrations.RunPython(add_ranks, remove_ranks)]
