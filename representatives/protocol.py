"""People named as the office writes them: each by the post held on the day (时任), in
protocol order (省委书记 before 省长 before 副主任 …).

Every list of people a reader sees in the office's voice (the bulletin's article, the
leader table, the exports) goes through `titled`; nothing else orders or titles people.
The order is the rank table admins keep (`PostRank`, in the admin); people of equal
rank, and those whose post it does not rank, follow by the pinyin of their names.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from .models import PostHeld, PostRank, Representative, post_during

# The protocol order of a province's leading posts, as the seed names its leaders (省委书记,
# 省长, 省人大常委会主任, 省政协主席, 省委副书记, 省委常委, 省人大常委会副主任, 副省长 …):
# the rank table a new installation starts with (migration 0009), which admins change.
# Steps of ten leave room for a post in between.
DEFAULT_RANKS = [
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

PARTS = re.compile(r"[、，,；;\s]+")  # 省委副书记、省长: two posts in one title
ASIDE = re.compile(r"[（(][^）)]*[）)]")  # 省委常委（正省级）: a note, not the post


class Ranking:
    """The rank table, read once (one query): the rank a post's title takes."""

    def __init__(self, lines=None):
        lines = PostRank.objects.values_list("keyword", "rank") if lines is None else lines
        self.ranks = {keyword.strip(): rank for keyword, rank in lines}
        self.endings = sorted(self.ranks, key=len, reverse=True)  # the longest first
        self.known = {}  # title → rank, each title worked out once (an export's many rows)

    def rank(self, title):
        """The rank of the post `title`, None when the table ranks it not: a line that
        is the whole title; else the first rank of its parts, each ranked by the longest
        line it ends with (常务副省长 by 副省长, not 省长; 湖南省长沙市… by none)."""
        if title not in self.known:
            self.known[title] = self.work_out(title.strip())
        return self.known[title]

    def work_out(self, title):
        if title in self.ranks:
            return self.ranks[title]
        ranks = [self.ending(part) for part in PARTS.split(ASIDE.sub("", title)) if part]
        return min((rank for rank in ranks if rank is not None), default=None)

    def ending(self, part):
        return next((self.ranks[line] for line in self.endings if part.endswith(line)), None)


@lru_cache(maxsize=4096)
def pinyin_of(name, surname_initial=""):
    """The pinyin of `name`, its surname read as a surname: pypinyin reads 曾 céng, as a
    word; the surname reading starts with `surname_initial` (z, representatives/pinyin.py)."""
    syllables = lazy_pinyin(name, style=Style.TONE3)
    if syllables and surname_initial and not syllables[0].startswith(surname_initial):
        readings = pinyin(name[:1], style=Style.TONE3, heteronym=True)[0]
        syllables[0] = next((r for r in readings if r.startswith(surname_initial)), syllables[0])
    return tuple(syllables)


def name_order(representative):
    """People of equal rank in the order of their names' pinyin (杨 yáng, 叶 yè, 曾 zēng,
    周 zhōu), then of their cards."""
    initial = representative.initials[:1]
    return (pinyin_of(representative.name, initial), representative.name, representative.code)


@dataclass(frozen=True)
class Titled:
    """A person with the post they held on the day ("" when none is recorded), its rank
    (None when unranked), and whether they had left it by the time of writing (时任)."""

    representative: Representative
    post: str
    rank: int | None = None
    former: bool = False

    @property
    def name(self):
        return self.representative.name

    @property
    def titled_name(self):
        """The post, then the name, as the office first names an official: 省委副书记、
        省长毛伟明; 时任省委副书记乌兰 when the post was no longer hers at the time of writing."""
        return f"{'时任' if self.former and self.post else ''}{self.post}{self.name}"

    def __str__(self):
        return self.titled_name

    def order(self):
        """Where the person stands in protocol order: ranked first, by rank, then by name."""
        return (self.rank is None, self.rank or 0, name_order(self.representative))


class Protocol:
    """The rank table and people's posts, each read once however many lists are named:
    an article names a list per paragraph, an export one per row."""

    def __init__(self, ranking=None):
        self._ranking = ranking
        self.posts = {}  # representative key → [PostHeld], for those read here

    @property
    def ranking(self):
        if self._ranking is None:
            self._ranking = Ranking()
        return self._ranking

    def read_posts(self, representatives):
        """The posts of `representatives` whose posts are not known yet, in one query
        (none when they are known, or prefetched as `posts`)."""
        missing = [
            rep.pk for rep in representatives if rep.pk not in self.posts and not prefetched(rep)
        ]
        if not missing:
            return
        for pk in missing:
            self.posts[pk] = []
        for post in PostHeld.objects.filter(representative__in=missing):
            self.posts[post.representative_id].append(post)

    def posts_of(self, rep):
        return list(rep.posts.all()) if prefetched(rep) else self.posts[rep.pk]

    def titled(self, representatives, on, *, now=None):
        """`representatives` each with the post held on `on`, in protocol order.

        `on` is a day, or a period (start, end): then the post held last in it (a
        campaign's leader who changed post during it is named by the later one). With
        `now` (the day of writing), a post no longer held then is marked 时任."""
        representatives = list(representatives)
        self.read_posts(representatives)
        start, end = on if isinstance(on, tuple) else (on, on)
        people = []
        for rep in representatives:
            posts = self.posts_of(rep)
            post = post_during(posts, start, end)
            former = bool(post) and now is not None and post not in titles_on(posts, now)
            people.append(Titled(rep, post, self.ranking.rank(post) if post else None, former))
        return sorted(people, key=Titled.order)


def prefetched(rep):
    """Whether `rep`'s posts came with it (`prefetch_related("…posts")`)."""
    return "posts" in getattr(rep, "_prefetched_objects_cache", {})


def titles_on(posts, day):
    return {post.title for post in posts if post.held_on(day)}


def titled(representatives, on, *, now=None):
    """`representatives` each with the post held on `on` (a day, or a period (start,
    end)), in protocol order: two queries (the posts, the rank table), whatever their
    number. Naming many lists, one `Protocol` reads each once."""
    return Protocol().titled(representatives, on, now=now)


class Mentions:
    """Who a text has named already: the office names an official by post and name the
    first time (省委副书记、省长毛伟明), by name alone after (毛伟明)."""

    def __init__(self):
        self.named = set()

    def __call__(self, people):
        """`people` (Titled, in the order given) as the text names them: names alone
        joined with 、 (毛伟明、李微微); once a post is among them, each person is set
        apart with ， as the seed writes (省委副书记、省长毛伟明，省政协主席李微微)."""
        written = [
            person.name if person.representative.pk in self.named else person.titled_name
            for person in people
        ]
        self.named.update(person.representative.pk for person in people)
        titled_any = any(text != person.name for text, person in zip(written, people, strict=True))
        return ("，" if titled_any else "、").join(written)


def add_default_ranks():
    """The default rank table where there is none (the demo on a database a test emptied):
    a table an office has already is left as it is."""
    if not PostRank.objects.exists():
        PostRank.objects.bulk_create(PostRank(keyword=k, rank=r) for k, r in DEFAULT_RANKS)
