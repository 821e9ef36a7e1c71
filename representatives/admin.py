from collections import Counter

from django.contrib import admin

from .models import (
    Area,
    Group,
    Mandate,
    Membership,
    PostHeld,
    PostRank,
    Representative,
    Term,
)
from .posts import keep_posts_dated
from .protocol import Ranking


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    autocomplete_fields = ["electoral_unit"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["representative", "level", "term", "electoral_unit"]
    list_filter = ["level", "term"]
    search_fields = ["representative__name", "representative__code", "electoral_unit__name"]
    autocomplete_fields = ["representative", "electoral_unit"]
    list_select_related = ["representative", "electoral_unit"]


class RepresentativeMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["group"]


class PostHeldInline(admin.TabularInline):
    """A deputy's posts with their dates (时任); the roster's 职务 is the one held now."""

    model = PostHeld
    extra = 0
    fields = ["title", "started_on", "ended_on"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "gender", "party", "post", "is_provincial_leader"]
    list_filter = ["is_provincial_leader", "gender", "mandates__level", "party"]
    search_fields = ["name", "code", "post"]
    inlines = [MandateInline, RepresentativeMembershipInline, PostHeldInline]

    def save_related(self, request, form, formsets, change):
        """A post 职务 set here dates the posts held as a roster import does (after the
        inline's own rows, so a post added there by hand is not added twice)."""
        super().save_related(request, form, formsets, change)
        if "post" in form.changed_data:
            keep_posts_dated({form.instance: form.instance.post})


@admin.register(PostHeld)
class PostHeldAdmin(admin.ModelAdmin):
    list_display = ["representative", "title", "started_on", "ended_on"]
    search_fields = ["representative__name", "representative__code", "title"]
    autocomplete_fields = ["representative"]
    list_select_related = ["representative"]


@admin.register(PostRank)
class PostRankAdmin(admin.ModelAdmin):
    """The protocol order the office names officials in (representatives/protocol.py):
    ranks are changed in the list itself."""

    list_display = ["keyword", "rank"]
    list_editable = ["rank"]
    search_fields = ["keyword"]
    change_list_template = "admin/representatives/postrank/change_list.html"

    def changelist_view(self, request, extra_context=None):
        """The list, and below it the provincial leaders' posts as the table ranks them
        now: a post it ranks not shows at once."""
        return super().changelist_view(
            request, (extra_context or {}) | {"leaders_posts": leaders_posts()}
        )


def leaders_posts():
    """[(post, rank or None, how many leaders hold it)] of the provincial leaders' posts
    (the roster's 职务), in the order they rank: two queries."""
    ranking = Ranking()
    held = Counter(
        Representative.objects.filter(is_provincial_leader=True)
        .exclude(post="")
        .values_list("post", flat=True)
    )
    posts = [(post, ranking.rank(post), n) for post, n in held.items()]
    return sorted(posts, key=lambda line: (line[1] is None, line[1] or 0, line[0]))


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["number", "level", "started_on", "ended_on"]
    list_filter = ["level"]


class GroupMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["representative"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area__parent", "area"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area"]
    list_select_related = ["area"]
    inlines = [GroupMembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["representative", "group", "joined_on", "left_on", "is_convener"]
    list_filter = ["is_convener", "group__area"]
    search_fields = ["representative__name", "representative__code", "group__name"]
    autocomplete_fields = ["representative", "group"]
    list_select_related = ["representative", "group"]
    date_hierarchy = "joined_on"
