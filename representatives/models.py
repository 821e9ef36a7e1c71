"""The people and how they are organised: areas, representatives, mandates, groups."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianluo.permissions import permission
from lianluo.punctuation import noted
from lianluo.refusals import Refusals

from .pinyin import LONGEST, pinyin_initials


class AccessQuerySet(models.QuerySet):
    """A kind of record a page can name. Every view opens with one of these two lookups
    (`get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)`): a record
    outside the user's areas is not found (404), whatever the page; the role's right to a
    page is its view's `permission_required` (403)."""

    def visible_to(self, user):
        """The records `user` may read: each kind says which (its areas, its status …)."""
        raise NotImplementedError

    def editable_by(self, user):
        """The records `user` may read, if their role may change this kind; else none."""
        if not user.has_perm(permission(self.model, "change")):
            return self.none()
        return self.visible_to(user)


class AreaQuerySet(AccessQuerySet):
    def within(self, area):
        """`area` (an Area or its key) and every area below it (cities → counties → …)."""
        key = getattr(area, "pk", area)
        return self.filter(
            Q(pk=key)
            | Q(parent_id=key)
            | Q(parent__parent_id=key)
            | Q(parent__parent__parent_id=key)
        )

    def below_any(self, areas):
        """The areas in `areas` and every area below them."""
        return self.filter(
            Q(pk__in=areas)
            | Q(parent__in=areas)
            | Q(parent__parent__in=areas)
            | Q(parent__parent__parent__in=areas)
        )

    def visible_to(self, user):
        """The areas whose records `user` sees: all of them for a user of the whole province."""
        scope = self.scope_of(user)
        return self.all() if scope is None else scope

    def sees_whole_province(self, user):
        """Whether `user` sees every area's records (and `visible_to` need not narrow)."""
        return self.scope_of(user) is None

    def keys_limiting(self, user):
        """The keys of the areas `user` is limited to, as a set, for checking many records
        in memory (forms, importers); None when they see the whole province, as does the
        command line (no user)."""
        if user is None or self.sees_whole_province(user):
            return None
        return set(self.visible_to(user).values_list("pk", flat=True))

    def scope_of(self, user):
        """The areas whose records `user` sees, or None when they see the whole province.

        A user scoped to areas (liaison staff of a city, say) sees those and what lies
        below them; superusers and users without areas see everything. The query layer
        alone reads it: views, forms, filters and importers ask `visible_to(user)` and
        `sees_whole_province(user)`, and every record kind's `visible_to` is built on them.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return None
        if not hasattr(user, "_lianluo_scope"):
            # The keys themselves, read once a request: every query of the request narrows
            # by `area_id IN (…)`, which PostgreSQL estimates from its statistics, instead
            # of joining the areas three levels deep in each (a city's staff's activity
            # list at page 60 of a province: 410 → 218 ms; issue 16).
            profile_areas = self.model.objects.filter(staff_profiles__user=user)
            below = self.model.objects.below_any(profile_areas).order_by("pk")
            user._lianluo_scope = list(below.values_list("pk", flat=True))
        if not user._lianluo_scope:
            return None
        return self.filter(pk__in=user._lianluo_scope)


class Area(models.Model):
    """An electoral unit / area 选举单位: the province, its cities and counties, as a tree."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City / prefecture")
        COUNTY = "county", _("County / district")
        TOWNSHIP = "township", _("Township")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The GB/T 2260 code of a division (430000 湖南省, 433100 湘西土家族苗族自治州), filled
    # by `load_areas`; an office's own unit (a development zone) may have none.
    code = models.CharField(
        _("division code"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{6,12}$", _("A division code is 6 to 12 digits (430100)."))
        ],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="area_unique_root_name"
            ),
            # Unique where present; its index serves the 选举单位 cells written as codes.
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="area_unique_code"
            ),
        ]

    def __str__(self):
        return self.name


class RepresentativeQuerySet(AccessQuerySet):
    def search(self, text):
        """By name, card number or pinyin initials in any reading (pgf finds 彭国甫, zql
        and cql find 曾庆林): the one lookup of the guest box and the representatives list."""
        text = text.strip()
        if not text:
            return self.none()
        found = Q(name__contains=text) | Q(code__iexact=text)
        if text.isascii() and text.isalnum():  # the initials: one reading's start
            typed = text.lower()
            found |= Q(initials__startswith=typed) | Q(initials__contains=f" {typed}")
        return self.filter(found)

    def visible_to(self, user):
        """Everyone for an unscoped user; else the members, past or present, of groups in scope."""
        if Area.objects.sees_whole_province(user):
            return self
        in_scope = Membership.objects.filter(
            representative=OuterRef("pk"), group__area__in=Area.objects.visible_to(user)
        )
        return self.filter(Exists(in_scope))


class Representative(models.Model):
    """A deputy 代表: one person, whatever the number of levels they were elected at."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    code = models.CharField(_("deputy card number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    party = models.CharField(_("party"), max_length=30, blank=True)
    post = models.CharField(_("post"), max_length=200, blank=True)
    is_provincial_leader = models.BooleanField(_("provincial-level leading cadre"), default=False)
    # Every reading's initials, the likeliest first, one space between ("zql cql"):
    # representatives/pinyin.py.
    initials = models.CharField(
        _("pinyin initials"), max_length=LONGEST, blank=True, editable=False
    )

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["name", "code"]
        indexes = [
            # Roster search and lists sort by name.
            models.Index(fields=["name"], name="representative_name_idx"),
            # Guest search by pinyin initials on the attendance checklist.
            models.Index(fields=["initials"], name="representative_initials_idx"),
            # The representatives list, by name then card number: a page's keys are read
            # from this index, however deep the page (lianluo/paging.py).
            models.Index(fields=["name", "code", "id"], name="representative_list_idx"),
        ]

    def __str__(self):
        return noted(self.name, self.code)

    def save(self, *args, **kwargs):
        self.initials = pinyin_initials(self.name)
        super().save(*args, **kwargs)


class Mandate(models.Model):
    """One election of a representative: level 层级, term 届次 and electoral unit."""

    class Level(models.TextChoices):
        NATIONAL = "national", pgettext_lazy("mandate level", "National")
        PROVINCIAL = "provincial", pgettext_lazy("mandate level", "Provincial")
        CITY = "city", pgettext_lazy("mandate level", "City")
        COUNTY = "county", pgettext_lazy("mandate level", "County")
        TOWNSHIP = "township", pgettext_lazy("mandate level", "Township")

    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    term = models.PositiveSmallIntegerField(_("term"), null=True, blank=True)
    electoral_unit = models.ForeignKey(
        Area,
        verbose_name=_("electoral unit"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["representative", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["representative", "level", "term"], name="mandate_unique_level_term"
            ),
            # Rosters often give no term: then one mandate per level.
            models.UniqueConstraint(
                fields=["representative", "level"],
                condition=Q(term__isnull=True),
                name="mandate_unique_level_without_term",
            ),
        ]
        indexes = [
            # Filters "deputies of level X" on lists and dashboards.
            models.Index(fields=["level", "representative"], name="mandate_level_idx"),
        ]

    def __str__(self):
        return f"{self.representative.name} · {self.get_level_display()}"


class GroupQuerySet(AccessQuerySet):
    def visible_to(self, user):
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(area__in=Area.objects.visible_to(user))


class Group(models.Model):
    """A representative group 代表小组, attached to an electoral unit."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    area = models.ForeignKey(
        Area, verbose_name=_("electoral unit"), on_delete=models.PROTECT, related_name="groups"
    )
    members = models.ManyToManyField(
        Representative, through="Membership", related_name="groups", verbose_name=_("members")
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative group")
        verbose_name_plural = _("representative groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


def overlap_q(start, end, prefix=""):
    """A Q: the membership at `prefix` (a path, "" for Membership itself) was in force at
    some day between `start` and `end` (inclusive; dates or expressions such as F()).

    An empty joined date means "since before the records", an empty left date "still a
    member". This is the one definition of "a member during a period": the querysets,
    the figures' joins and `Membership.overlaps` (in Python) all say it this way.
    """
    path = f"{prefix}__" if prefix else ""
    return (Q(**{f"{path}joined_on__isnull": True}) | Q(**{f"{path}joined_on__lte": end})) & (
        Q(**{f"{path}left_on__isnull": True}) | Q(**{f"{path}left_on__gte": start})
    )


def dates_overlap(joined_on, left_on, start, end):
    """`overlap_q` in Python, for dates already read (the importers)."""
    return (joined_on is None or joined_on <= end) and (left_on is None or left_on >= start)


class MembershipQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        """Memberships that were in force at some day between start and end (inclusive)."""
        return self.filter(overlap_q(start, end))

    def active_on(self, day):
        return self.overlapping(day, day)


class Membership(Refusals, models.Model):
    """A representative's membership of a group, from joined_on to left_on (both included)."""

    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=pgettext_lazy("representative group", "group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_convener = models.BooleanField(_("convener"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "representative"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["representative", "group"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_group",
                violation_error_message=_("This representative is already a member of the group."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(is_convener=True, left_on__isnull=True),
                name="membership_one_convener",
                violation_error_message=_("A group has one convener at a time."),
            ),
        ]
        indexes = [
            # Campaign figures: members of the leader groups during a period.
            models.Index(fields=["group", "joined_on", "left_on"], name="membership_period_idx"),
        ]

    def __str__(self):
        return f"{self.representative.name} @ {self.group.name}"

    overlap_q = staticmethod(overlap_q)

    def refusals(self):
        """Why the membership cannot be saved as it stands: {field: message}, empty when
        it can. `clean()` (the admin) and the roster import ask it."""
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            return {"left_on": _("A membership cannot end before it starts.")}
        return {}

    def overlaps(self, start, end):
        """Whether the membership was in force at some day between start and end."""
        return dates_overlap(self.joined_on, self.left_on, start, end)


class Term(models.Model):
    """A term 届 of the congress at one level (the 13th provincial congress, from January
    2018 to January 2023): the period the archive's "this term" means for its deputies,
    whose mandates name the term by its number."""

    level = models.CharField(_("level"), max_length=10, choices=Mandate.Level.choices)
    number = models.PositiveSmallIntegerField(_("term"))
    started_on = models.DateField(_("starts on"))
    ended_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("term of the congress")
        verbose_name_plural = _("terms of the congress")
        ordering = ["-started_on", "level"]
        constraints = [
            models.UniqueConstraint(fields=["level", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="term_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} · {self.number}"


class PostHeldQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The posts of the representatives `user` sees (the posts' ledger)."""
        if Area.objects.sees_whole_province(user):
            return self
        return self.filter(representative__in=Representative.objects.visible_to(user))

    def held_during(self, start, end):
        """The posts held at some day from `start` to `end` (an empty start: since before
        the records; an empty end: still held)."""
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=end),
            Q(ended_on__isnull=True) | Q(ended_on__gte=start),
        )

    def held_on(self, day):
        """The posts held on `day`."""
        return self.held_during(day, day)


class PostHeld(models.Model):
    """A post 职务 a representative held from one date to another (时任): the archive and
    the bulletin name each record's people by the post they held on its day, not today's.
    `Representative.post` is the post held now, as the roster gives it."""

    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    title = models.CharField(_("post"), max_length=200)
    started_on = models.DateField(
        pgettext_lazy("start of a post held", "from"), null=True, blank=True
    )
    ended_on = models.DateField(pgettext_lazy("end of a post held", "to"), null=True, blank=True)

    objects = PostHeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        # A post held since before the records (no start) comes first, on every database
        # (PostgreSQL puts nulls last in ascending order, SQLite first).
        ordering = ["representative", models.F("started_on").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="post_held_ends_after_it_starts",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]
        indexes = [
            # The archive and the bulletin read a person's posts by date.
            models.Index(fields=["representative", "started_on"], name="post_held_period_idx"),
        ]

    def __str__(self):
        return f"{self.representative.name} · {self.title}"

    def held_during(self, start, end):
        """Whether the post was held at some day from `start` to `end`
        (`PostHeldQuerySet.held_during` in Python)."""
        return dates_overlap(self.started_on, self.ended_on, start, end)

    def held_on(self, day):
        """Whether the post was held on `day` (`PostHeldQuerySet.held_on` in Python)."""
        return self.held_during(day, day)


def post_during(posts, start, end, default=""):
    """The title of the post held last from `start` to `end` among `posts` (a person's
    `PostHeld` rows, read once): the latest started when several were held; `default`
    when none was."""
    held = [post for post in posts if post.held_during(start, end)]
    if not held:
        return default
    return max(held, key=lambda post: (post.started_on is not None, post.started_on)).title


def post_on(posts, day, default=""):
    """The title of the post held on `day` among `posts` (`post_during` of that day)."""
    return post_during(posts, day, day, default)


class PostRank(models.Model):
    """One line of the protocol order 排名顺序 the office names officials in: a post (or
    the end of one) and its rank. Admins set it; representatives/protocol.py reads it.

    A post's title is read part by part (省委副书记、省长: 省委副书记, 省长); a part takes
    the rank of the longest line it ends with (常务副省长 ends with 副省长, not 省长), and
    the title the first rank of its parts. A line that is a whole title (省委常委、常务副省长)
    ranks that title alone. A post matching no line comes after the ranked ones."""

    keyword = models.CharField(
        _("post or end of a post"),
        max_length=200,
        unique=True,
        help_text=_(
            "A post as the roster writes it (省政协主席), or how posts end (副省长 ranks "
            "常务副省长 too)."
        ),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        help_text=_(
            "Smaller comes first; people of equal rank are ordered by the pinyin of their names."
        ),
    )

    class Meta:
        verbose_name = _("post rank")
        verbose_name_plural = _("post ranks")
        ordering = ["rank", "keyword"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(keyword=""),
                name="post_rank_keyword_not_empty",
                violation_error_message=_("Name the post the rank is for."),
            ),
        ]

    def __str__(self):
        return f"{self.keyword} · {self.rank}"

    def save(self, *args, **kwargs):
        self.keyword = self.keyword.strip()
        super().save(*args, **kwargs)
