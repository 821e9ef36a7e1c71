"""The rows of each kind of ledger, from a queryset, in the import's columns and forms.

What these write, the importers read back unchanged. Querysets are walked with
iterator(chunk_size) and their prefetches, so the queries are few and the memory flat.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch

from activities.models import Activity, Attendance, Mode, Output, Problem
from activities.review import Reviewed
from archives.models import Duty
from lianluo.history import query_filters
from lianluo.permissions import permission
from representatives.models import Area, Mandate, Membership, Representative
from representatives.protocol import Protocol
from suggestions.models import Rating

from .cells import chinese_label, format_bool, format_date, format_list
from .columns import LAYOUTS

CHUNK = 2000


def label_of(choices, value):
    return chinese_label(choices(value)) if value else ""


def shared_names():
    """The names several areas have (鼓楼区 of 南京市 and of 徐州市), in one query: a cell
    names such an area by its code, so that it reads back as the same area."""
    shared = Area.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    return set(shared.values_list("name", flat=True))


def area_cell(area, shared):
    """An area as a cell names it: its name, or its code where the name is shared."""
    return area.code if area.name in shared and area.code else area.name


def area_rows(areas):
    """Parents before their children, each city followed by its counties."""
    shared = shared_names()
    areas = list(areas.select_related("parent"))
    children, listed = defaultdict(list), {area.pk for area in areas}
    for area in areas:
        children[area.parent_id if area.parent_id in listed else None].append(area)

    def walk(parent_id):
        for area in sorted(children[parent_id], key=lambda a: (a.code or "~", a.name)):
            yield [
                area.code,
                area.name,
                label_of(Area.Kind, area.kind),
                area_cell(area.parent, shared) if area.parent else "",
            ]
            yield from walk(area.pk)

    yield from walk(None)


def roster_rows(representatives):
    """One row per membership; a person without one stands on one row of their own."""
    people = representatives.prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.select_related("electoral_unit")),
        Prefetch("memberships", queryset=Membership.objects.select_related("group")),
    ).order_by("code")
    shared = shared_names()
    for rep in people.iterator(chunk_size=CHUNK):
        mandates = list(rep.mandates.all())
        personal = [
            rep.code,
            rep.name,
            label_of(Representative.Gender, rep.gender),
            rep.ethnicity,
            rep.party,
            format_list(label_of(Mandate.Level, m.level) for m in mandates),
            area_cell(mandates[0].electoral_unit, shared) if mandates else "",
        ]
        tail = [format_bool(rep.is_provincial_leader), rep.post]
        memberships = list(rep.memberships.all()) or [None]
        for membership in memberships:
            if membership is None:
                yield [*personal, "", "", "", *tail]
            else:
                yield [
                    *personal,
                    membership.group.name,
                    format_date(membership.joined_on),
                    format_date(membership.left_on),
                    *tail,
                ]


def leader_codes(protocol, leaders, on):
    """The leaders' codes in protocol order, by the posts they held `on` (their posts
    prefetched: no query but the rank table's, once)."""
    return format_list(person.representative.code for person in protocol.titled(leaders, on))


def campaign_rows(campaigns):
    protocol = Protocol()
    for campaign in campaigns.prefetch_related("leaders__posts").iterator(chunk_size=CHUNK):
        yield [
            campaign.slug,
            campaign.title,
            format_date(campaign.start),
            format_date(campaign.end),
            leader_codes(protocol, campaign.leaders.all(), (campaign.start, campaign.end)),
        ]


def activity_rows(activities):
    """An activity a row with its groups, leaders, attendees (those taking part), topics
    and departments: nine queries whatever the number of activities, each read as it goes
    (the leaders named in protocol order, from their posts read once).

    Each list is read in one query of (activity, name) ordered as the activities are, then
    by the list's own order, and taken up as the activities come (a merge, as a database
    joins two sorted inputs), so no more than one activity's lists is held at a time."""
    if activities.query.is_sliced:  # the first n: ordered anew below, by their key too
        order = ordering(activities)
        activities = Activity.objects.filter(pk__in=activities.values("pk")).order_by(*order)
    activities = activities.select_related("campaign")
    through = Activity.groups.through, Activity.leaders.through
    topics, departments = Activity.topics.through, Activity.departments.through
    lists = [
        Following(activities, through[0].objects, "group__name", "group__name"),
        Following(activities, through[1].objects, "representative", "representative"),
        Following(activities, Attendance.objects.taking_part(), "representative__code",
                  "representative__name", "representative__code"),
        Following(activities, topics.objects, "topic__name", "topic__name"),
        Following(activities, departments.objects, "department__name", "department__name"),
    ]  # fmt: skip
    # The leaders (a few hundred in a province), with their posts, to name in protocol
    # order by the posts held on each activity's day: two queries, and the rank table's.
    led = Representative.objects.filter(activities_led__in=activities.values("pk"))
    leaders_by_pk = {rep.pk: rep for rep in led.distinct().prefetch_related("posts")}
    protocol = Protocol()
    for activity in activities.order_by(*ordering(activities)).iterator(chunk_size=CHUNK):
        groups, leaders, attendees, topics, departments = (names.of(activity.pk) for names in lists)
        yield [
            activity.ref,
            activity.campaign.slug if activity.campaign else "",
            format_date(activity.date),
            activity.title,
            activity.place,
            label_of(Mode, activity.mode),
            format_list(groups),
            leader_codes(protocol, [leaders_by_pk[pk] for pk in leaders], activity.date),
            format_list(attendees),
            format_list(topics),
            format_list(departments),
            format_bool(activity.accompanied),
        ]


def ordering(records):
    """The order `records` come in, made total by their key: a list of field names."""
    terms = [*(records.query.order_by or records.model._meta.ordering), "pk"]
    if not all(isinstance(term, str) and term != "?" for term in terms):
        raise ValueError(f"Not an order of field names: {terms}")
    return terms


class Following:
    """The `value`s of the `rows` of each of `records` (rows with a foreign key to them,
    named as the records' model is), taken up record by record, in the records' order."""

    def __init__(self, records, rows, value, *order):
        owner = records.model._meta.model_name
        by_owner = [
            f"-{owner}__{term[1:]}" if term.startswith("-") else f"{owner}__{term}"
            for term in ordering(records)
        ]
        rows = rows.filter(**{f"{owner}__in": records.values("pk")})
        pairs = rows.order_by(*by_owner, *order).values_list(f"{owner}_id", value)
        self.pairs = pairs.iterator(chunk_size=CHUNK)
        self.next = next(self.pairs, None)

    def of(self, pk):
        """The values of the record `pk`, the next in order."""
        values = []
        while self.next is not None and self.next[0] == pk:
            values.append(self.next[1])
            self.next = next(self.pairs, None)
        return values


def problem_rows(problems):
    problems = problems.select_related("activity", "topic", "department")
    for problem in problems.iterator(chunk_size=CHUNK):
        yield [
            problem.ref,
            problem.activity.ref,
            problem.title,
            problem.topic.name if problem.topic else "",
            problem.department.name if problem.department else "",
            label_of(Problem.Status, problem.status),
            format_date(problem.resolved_on),
            problem.outcome,
            problem.note,
        ]


def output_rows(outputs):
    outputs = outputs.select_related("campaign", "activity").prefetch_related("representatives")
    for output in outputs.iterator(chunk_size=CHUNK):
        yield [
            output.ref,
            output.campaign.slug if output.campaign else "",
            output.activity.ref if output.activity else "",
            label_of(Output.Kind, output.kind),
            output.title,
            format_list(rep.code for rep in output.representatives.all()),
            format_date(output.date),
        ]


def contact_rows(tallies):
    shared = shared_names()
    for tally in tallies.select_related("area", "campaign").iterator(chunk_size=CHUNK):
        yield [
            area_cell(tally.area, shared),
            format_date(tally.start),
            format_date(tally.end),
            tally.campaign.slug if tally.campaign else "",
            tally.person_times,
            tally.problems_solved,
            tally.aid_yuan,
        ]


def media_rows(reports):
    for report in reports.select_related("campaign", "activity").iterator(chunk_size=CHUNK):
        yield [
            report.ref,
            report.outlet,
            report.title,
            format_date(report.published_on),
            report.url,
            report.campaign.slug if report.campaign else "",
            report.activity.ref if report.activity else "",
        ]


def suggestion_rows(suggestions):
    """A suggestion at the provincial level a row (the ledger's key is 年度 and 编号), with
    its latest reply and rating."""
    suggestions = (
        suggestions.filter(level=Mandate.Level.PROVINCIAL)
        .with_latest()
        .select_related("topic", "lead_unit", "campaign", "activity")
        .prefetch_related("co_units", "deputy_rows__representative")
        .order_by("year", "number")
    )
    for suggestion in suggestions.iterator(chunk_size=CHUNK):
        deputies = list(suggestion.deputy_rows.all())
        yield [
            f"第{suggestion.number:04d}号",
            suggestion.year,
            suggestion.title,
            format_list(d.representative.code for d in deputies if d.is_lead),
            format_list(d.representative.code for d in deputies if not d.is_lead),
            format_date(suggestion.submitted_on),
            suggestion.topic.name if suggestion.topic else "",
            suggestion.lead_unit.name if suggestion.lead_unit else "",
            format_list(sorted(unit.name for unit in suggestion.co_units.all())),
            format_date(suggestion.assigned_on),
            format_bool(suggestion.complex),
            format_date(suggestion.latest_reply_on),
            suggestion.latest_class or "",
            label_of(Rating, suggestion.latest_rating),
            suggestion.campaign.slug if suggestion.campaign else "",
            suggestion.activity.ref if suggestion.activity else "",
        ]


def duty_rows(duties):
    duties = duties.prefetch_related("representatives").order_by("date", "ref")
    for duty in duties.iterator(chunk_size=CHUNK):
        yield [
            duty.ref,
            label_of(Duty.Kind, duty.kind),
            format_date(duty.date),
            duty.title,
            format_list(rep.code for rep in duty.representatives.all()),
            duty.source,
            duty.note,
        ]


def post_rows(posts):
    posts = posts.select_related("representative").order_by(
        "representative__code", F("started_on").asc(nulls_first=True)
    )
    for post in posts.iterator(chunk_size=CHUNK):
        yield [
            post.representative.code,
            post.title,
            format_date(post.started_on),
            format_date(post.ended_on),
        ]


ROWS = {
    "areas": area_rows,
    "roster": roster_rows,
    "campaigns": campaign_rows,
    "activities": activity_rows,
    "problems": problem_rows,
    "outputs": output_rows,
    "contacts": contact_rows,
    "media": media_rows,
    "suggestions": suggestion_rows,
    "duties": duty_rows,
    "posts": post_rows,
}


def ledger(kind, queryset):
    """(headers, rows) of the ledger `kind` for `queryset`."""
    return LAYOUTS[kind].headers, ROWS[kind](queryset)


class Chosen:
    """The records of a list's export: what `user` may see of the kind, chosen by the
    list's filters from `query` (a QueryDict), as the page and the background export
    both choose them. Raises PermissionDenied when `user` may not view the kind.

    `request` is the page's; a background export has none and passes the user alone
    (the filters read only the user from it, for the choices they offer)."""

    def __init__(self, kind, user, query, request=None):
        from .registry import FILTERS  # the importers' registry, loaded on first use

        self.kind = kind
        self.model = FILTERS[kind]._meta.model
        if not user.is_authenticated or not user.has_perm(permission(self.model, "view")):
            raise PermissionDenied
        visible = self.model.objects.visible_to(user)
        if issubclass(self.model, Reviewed):  # the office's data as it counts: approved
            visible = visible.counted()
        request = request if request is not None else SimpleNamespace(user=user)
        self.filter = FILTERS[kind](query, queryset=visible, request=request)
        self.records = self.filter.qs
        self.filters = query_filters(query, self.filter.form)

    def ledger(self):
        return ledger(self.kind, self.records)
