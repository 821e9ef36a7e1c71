"""Protocol order 排名顺序: people named by the post they held on the day, in the order of
the rank table admins keep (representatives/protocol.py)."""

import datetime

import pytest

from representatives.models import PostHeld, PostRank, Representative
from representatives.protocol import DEFAULT_RANKS, Mentions, Protocol, Ranking, titled
from tests.conftest import person_with_posts as person

D = datetime.date

DAY = D(2021, 9, 1)


def names(people):
    return [person.name for person in people]


@pytest.fixture
def seed_ranks(db):
    """The rank table as shipped (migration 0009), whatever a test did before."""
    PostRank.objects.all().delete()
    PostRank.objects.bulk_create(PostRank(keyword=k, rank=r) for k, r in DEFAULT_RANKS)


def test_a_new_installation_starts_with_the_default_order(db):
    shipped = list(PostRank.objects.values_list("keyword", "rank"))
    assert sorted(shipped, key=lambda line: (line[1], line[0])) == sorted(
        DEFAULT_RANKS, key=lambda line: (line[1], line[0])
    )


@pytest.mark.parametrize(
    ("title", "rank"),
    [
        ("省委书记、省人大常委会主任", 10),
        ("省委副书记、省长", 20),  # the first rank of its parts
        ("省人大常委会主任", 30),
        ("省政协主席", 40),
        ("省委副书记", 50),
        ("省人大常委会党组书记、副主任", 60),
        ("省委常委、常务副省长", 70),
        ("省人大常委会党组副书记、副主任", 80),
        ("省人大常委会副主任", 90),
        ("常务副省长", 100),  # ends with 副省长, which is longer than 省长
        ("副省长", 100),
        ("省政协副主席", 110),
        ("省委常委（正省级）", 70),  # a note in brackets is not the post
        (" 省长 ", 20),
        ("省长助理", None),  # ends with none of them
        ("湖南省长沙市第一中学校长", None),  # 省长 inside a word is no 省长
        ("长沙市委副书记、市长", None),
        ("", None),
    ],
)
def test_a_title_takes_the_rank_of_its_parts(title, rank):
    assert Ranking(DEFAULT_RANKS).rank(title) == rank


def test_a_whole_title_in_the_table_ranks_that_title_alone():
    ranking = Ranking([*DEFAULT_RANKS, ("省委常委、常务副省长", 65)])
    assert ranking.rank("省委常委、常务副省长") == 65
    assert ranking.rank("省委常委、省委组织部部长") == 70


def test_people_come_in_protocol_order_the_unranked_last_ties_by_pinyin(seed_ranks):
    people = [
        person("P1", "周农", "省人大常委会副主任"),
        person("P2", "赵六", "村党支部书记"),  # ranked by no line
        person("P3", "毛伟明", "省委副书记、省长"),
        person("P4", "叶红专", "省人大常委会副主任"),
        person("P5", "许达哲", "省委书记、省人大常委会主任"),
        person("P6", "李微微", "省政协主席"),
        person("P7", "陈七"),  # no post recorded
        person("P8", "曾庆林", "省委常委、长沙市委书记"),
        person("P9", "安八", "企业负责人"),
        person("P10", "杨维刚", "省人大常委会副主任"),
    ]
    ordered = titled(people, DAY)
    assert names(ordered) == [
        "许达哲", "毛伟明", "李微微", "曾庆林",
        "杨维刚", "叶红专", "周农",  # 副主任 alike: yang, ye, zhou
        "安八", "陈七", "赵六",  # ranked by nothing: by pinyin, a post or none
    ]  # fmt: skip
    assert [person.rank for person in ordered][:4] == [10, 20, 40, 70]
    assert str(ordered[1]) == "省委副书记、省长毛伟明"
    assert ordered[8].post == "" and str(ordered[8]) == "陈七"


def test_a_surname_sorts_as_read_as_a_surname(seed_ranks):
    """曾 reads zēng as a surname (z), not céng: 曾庆林 comes after 杨 and before 周."""
    people = [person(c, n, "副省长") for c, n in [("1", "周一"), ("2", "曾庆林"), ("3", "杨二")]]
    assert names(titled(people, DAY)) == ["杨二", "曾庆林", "周一"]


def luo_chunhua():
    """罗春华, who became 省委常委 on 18 June 2021 (as in the demo)."""
    before = ("省委组织部常务副部长", None, D(2021, 6, 17))
    return person("L1", "罗春华", before, ("省委常委、省委组织部部长", D(2021, 6, 18), None))


def test_the_post_is_the_one_held_on_the_day(seed_ranks):
    """罗春华 became 省委常委 on 18 June: at an activity of May she is named, and ranked, by
    the post she held then; at one of July by the new one."""
    luo = luo_chunhua()
    yang = person("L2", "杨维刚", "省人大常委会副主任")
    may, july = titled([luo, yang], D(2021, 5, 20)), titled([luo, yang], D(2021, 7, 20))
    assert [str(p) for p in may] == ["省人大常委会副主任杨维刚", "省委组织部常务副部长罗春华"]
    assert [str(p) for p in july] == ["省委常委、省委组织部部长罗春华", "省人大常委会副主任杨维刚"]


def test_over_a_period_the_post_held_last_in_it(seed_ranks):
    luo = luo_chunhua()
    (during,) = titled([luo], (D(2021, 5, 1), D(2021, 11, 30)))
    assert during.post == "省委常委、省委组织部部长"
    (before,) = titled([luo], (D(2021, 1, 1), D(2021, 3, 31)))
    assert before.post == "省委组织部常务副部长"


def test_a_post_left_by_the_day_of_writing_is_named_as_held_then(seed_ranks):
    """时任: the seed names 乌兰, 省委副书记 at her activity and no longer by December, so."""
    wulan = person(
        "W1", "乌兰", ("省委副书记", None, D(2021, 10, 30)), ("其他职务", D(2021, 11, 1), None)
    )
    mao = person("M1", "毛伟明", "省委副书记、省长")
    people = titled([wulan, mao], DAY, now=D(2021, 12, 25))
    assert [str(p) for p in people] == ["省委副书记、省长毛伟明", "时任省委副书记乌兰"]
    assert [p.former for p in people] == [False, True]


def test_an_admin_changing_the_table_changes_the_order(seed_ranks):
    people = [person("1", "李微微", "省政协主席"), person("2", "乌兰", "省委副书记")]
    assert names(titled(people, DAY)) == ["李微微", "乌兰"]
    PostRank.objects.filter(keyword="省委副书记").update(rank=35)
    assert names(titled(people, DAY)) == ["乌兰", "李微微"]
    PostRank.objects.create(keyword="省政协主席、党组书记", rank=5)  # a whole title
    PostHeld.objects.filter(title="省政协主席").update(title="省政协主席、党组书记")
    assert names(titled(people, DAY)) == ["李微微", "乌兰"]


def test_titled_asks_two_queries_whatever_the_number_of_people(
    seed_ranks, django_assert_num_queries
):
    few = [person(f"F{i}", f"张{i}", "副省长") for i in range(2)]
    many = few + [person(f"M{i}", f"李{i}", "省委常委", "副省长") for i in range(20)]
    for people in [few, many]:
        with django_assert_num_queries(2):  # their posts, the rank table
            titled(people, DAY, now=D(2021, 12, 25))


def test_one_protocol_reads_the_table_and_each_posts_once(seed_ranks, django_assert_num_queries):
    people = [person(f"P{i}", f"张{i}", "副省长") for i in range(5)]
    protocol = Protocol()
    with django_assert_num_queries(2):
        for day in [D(2021, 5, 1), D(2021, 6, 1), D(2021, 7, 1)]:
            protocol.titled(people, day)
            protocol.titled(people[:2], day)
    prefetched = Representative.objects.filter(code__startswith="P").prefetch_related("posts")
    with django_assert_num_queries(2):  # the people and their posts; no more
        titled_now = Protocol(protocol.ranking).titled(prefetched, DAY)
    assert len(titled_now) == 5


def test_the_office_names_a_person_by_post_first_then_by_name(seed_ranks):
    mao = person("M1", "毛伟明", "省委副书记、省长")
    li = person("L1", "李微微", "省政协主席")
    liu = person("L2", "刘莲玉", "省人大常委会党组书记、副主任")
    mentions = Mentions()
    assert mentions(titled([li, mao], DAY)) == "省委副书记、省长毛伟明，省政协主席李微微"
    assert mentions(titled([mao], DAY)) == "毛伟明"
    assert (
        mentions(titled([liu, mao, li], DAY))
        == "毛伟明，李微微，省人大常委会党组书记、副主任刘莲玉"
    )
    assert mentions(titled([liu, li], DAY)) == "李微微、刘莲玉"


def test_the_default_order_names_the_seeds_people_in_the_seeds_order(seed_ranks):
    """The seed (联络动态 第24期) names its leaders in protocol order: 许达哲 heads it, then
    毛伟明, 李微微, 刘莲玉, 黄关春 (the modes), then 乌兰, 谢建辉, 杨维刚 (the problems)."""
    seed = [
        ("许达哲", "省委书记、省人大常委会主任"),
        ("毛伟明", "省委副书记、省长"),
        ("李微微", "省政协主席"),
        ("乌兰", "省委副书记"),
        ("刘莲玉", "省人大常委会党组书记、副主任"),
        ("黄关春", "省人大常委会党组副书记、副主任"),
        ("谢建辉", "省人大常委会党组副书记"),
        ("杨维刚", "省人大常委会副主任"),
    ]
    people = [person(str(index), name, post) for index, (name, post) in enumerate(seed)]
    ordered = names(titled(reversed(people), DAY))
    for run in [["许达哲", "毛伟明", "李微微", "刘莲玉", "黄关春"], ["乌兰", "谢建辉", "杨维刚"]]:
        assert [name for name in ordered if name in run] == run
