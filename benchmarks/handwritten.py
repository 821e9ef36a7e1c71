"""The floor the figures are measured against: hand-written SQL over the same tables,
giving the same numbers as the app's functions (checked by `python -m benchmarks`).

Plain SQL that both PostgreSQL and SQLite run (no FILTER, no bool_or), written as one
would by hand with the tables' indexes in mind; each function beside it reads the app's
figures into the same shape.
"""

import datetime

from django.db import connection

from activities.dashboards import leader_table as kept_leader_table
from activities.dashboards import period_figures, same_dates_a_year_earlier
from activities.figures import campaign_figures
from activities.models import Activity, Attendance, ContactTally, Problem
from representatives.models import Group, Representative

COUNTED = "'approved'"


def rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def dataset():
    """The sizes a reader of the figures needs, in one line."""
    return ", ".join(
        f"{model.objects.count():,} {name}"
        for name, model in [
            ("deputies", Representative),
            ("groups", Group),
            ("activities", Activity),
            ("attendance rows", Attendance),
            ("problems", Problem),
        ]
    )


def overlap(alias):
    return (
        f"({alias}.joined_on IS NULL OR {alias}.joined_on <= %(end)s) AND "
        f"({alias}.left_on IS NULL OR {alias}.left_on >= %(start)s)"
    )


# --- the campaign figures ---------------------------------------------------------------


def figures_of(campaign):
    """`campaign_figures` as {name: n}."""
    figures = campaign_figures.live(campaign)  # the query, not the figures kept
    flat = {
        "leaders.enrolled": figures["leaders"]["enrolled"],
        "leaders.participated": figures["leaders"]["participated"],
        "leaders.accompanied": figures["activities"]["accompanied_leaders"],
        "members.total": figures["group_members"]["total"],
        "members.participated": figures["group_members"]["participated"],
    }
    flat |= {f"activities.{k}": v for k, v in figures["activities"]["by_mode"].items() if v}
    for section in ("problems", "outputs", "contacts"):
        flat |= {f"{section}.{k}": v for k, v in figures[section].items() if v and k != "total"}
    return flat


def took_part(person, accompanied=False):
    """SQL: the representative at `person` attended (present, as a guest) or led a counted
    activity of the campaign %(c)s (`accompanied`: one with liaison staff)."""
    activity = f"a.campaign_id = %(c)s AND a.review = {COUNTED}"
    if accompanied:
        activity += " AND a.accompanied"
    return f"""(EXISTS (
      SELECT 1 FROM activities_attendance t JOIN activities_activity a ON a.id = t.activity_id
      WHERE t.representative_id = {person} AND t.status IN ('present', 'guest') AND {activity}
    ) OR EXISTS (
      SELECT 1 FROM activities_activity_leaders l JOIN activities_activity a ON a.id = l.activity_id
      WHERE l.representative_id = {person} AND {activity}
    ))"""


LEADERS = f"""
leaders AS (
  SELECT representative_id AS rep FROM activities_campaign_leaders WHERE campaign_id = %(c)s
),
leader_groups AS (
  SELECT lm.representative_id AS rep, lm.group_id FROM representatives_membership lm
  JOIN leaders ON leaders.rep = lm.representative_id WHERE {overlap("lm")}
),
members AS (
  SELECT DISTINCT lg.rep AS leader, m.representative_id AS rep FROM leader_groups lg
  JOIN representatives_membership m ON m.group_id = lg.group_id WHERE {overlap("m")}
),
took AS (
  SELECT rep FROM (SELECT DISTINCT rep FROM members) people WHERE {took_part("people.rep")}
)
"""

FIGURES_SQL = f"""
WITH {LEADERS}
SELECT
  (SELECT COUNT(*) FROM leaders),
  (SELECT COUNT(*) FROM leaders WHERE {took_part("leaders.rep")}),
  (SELECT COUNT(*) FROM leaders WHERE {took_part("leaders.rep", accompanied=True)}),
  (SELECT COUNT(DISTINCT rep) FROM members),
  (SELECT COUNT(*) FROM took)
"""

COUNTS_SQL = f"""
SELECT 'activities', mode, COUNT(*) FROM activities_activity
WHERE campaign_id = %(c)s AND review = {COUNTED} GROUP BY mode
UNION ALL
SELECT 'problems', p.status, COUNT(*) FROM activities_problem p
JOIN activities_activity a ON a.id = p.activity_id
WHERE a.campaign_id = %(c)s AND a.review = {COUNTED} AND p.review = {COUNTED} GROUP BY p.status
UNION ALL
SELECT 'outputs', o.kind, COUNT(*) FROM activities_output o
LEFT JOIN activities_activity a ON a.id = o.activity_id
WHERE (o.campaign_id = %(c)s OR a.campaign_id = %(c)s) AND o.review = {COUNTED}
  AND (o.activity_id IS NULL OR a.review = {COUNTED}) GROUP BY o.kind
UNION ALL
SELECT 'contacts', 'person_times', SUM(person_times) FROM activities_contacttally
WHERE campaign_id = %(c)s AND review = {COUNTED}
UNION ALL
SELECT 'contacts', 'problems_solved', SUM(problems_solved) FROM activities_contacttally
WHERE campaign_id = %(c)s AND review = {COUNTED}
UNION ALL
SELECT 'contacts', 'aid_yuan', SUM(aid_yuan) FROM activities_contacttally
WHERE campaign_id = %(c)s AND review = {COUNTED}
"""


def campaign_figures_sql(campaign):
    params = {"c": campaign.pk, "start": campaign.start, "end": campaign.end}
    (enrolled, participated, accompanied, total, members), *_ = rows(FIGURES_SQL, params)
    flat = {
        "leaders.enrolled": enrolled,
        "leaders.participated": participated,
        "leaders.accompanied": accompanied,
        "members.total": total,
        "members.participated": members,
    }
    flat |= {f"{section}.{key}": n for section, key, n in rows(COUNTS_SQL, params) if n}
    return flat


# --- the leader table -------------------------------------------------------------------


def leader_table(campaign):
    """`leader_rows` as {leader key: (groups, led, resolved, outputs, total, participated)}."""
    return {
        row["leader"].pk: (
            tuple(sorted(row["groups"])),
            row["led"],
            row["resolved"],
            row["outputs"],
            row["total"],
            row["participated"],
        )
        for row in kept_leader_table.live(campaign)  # the queries, not the rows kept
    }


LEADERS_SQL = f"""
WITH {LEADERS},
acts AS (SELECT id FROM activities_activity WHERE campaign_id = %(c)s AND review = {COUNTED}),
counts AS (
  SELECT members.leader, COUNT(*) AS total, COUNT(took.rep) AS participated FROM members
  LEFT JOIN took ON took.rep = members.rep GROUP BY members.leader
),
led AS (
  SELECT l.representative_id AS rep, COUNT(*) AS n FROM activities_activity_leaders l
  JOIN acts ON acts.id = l.activity_id GROUP BY l.representative_id
),
resolved AS (
  SELECT l.representative_id AS rep, COUNT(*) AS n FROM activities_activity_leaders l
  JOIN acts ON acts.id = l.activity_id
  JOIN activities_problem p ON p.activity_id = acts.id
  WHERE p.status = 'resolved' AND p.review = {COUNTED} GROUP BY l.representative_id
),
outs AS (
  SELECT r.representative_id AS rep, COUNT(*) AS n FROM activities_output_representatives r
  JOIN leaders ON leaders.rep = r.representative_id
  JOIN activities_output o ON o.id = r.output_id
  LEFT JOIN activities_activity a ON a.id = o.activity_id
  WHERE (o.campaign_id = %(c)s OR a.campaign_id = %(c)s) AND o.review = {COUNTED}
    AND (o.activity_id IS NULL OR a.review = {COUNTED})
  GROUP BY r.representative_id
)
SELECT leaders.rep, COALESCE(led.n, 0), COALESCE(resolved.n, 0), COALESCE(outs.n, 0),
       COALESCE(counts.total, 0), COALESCE(counts.participated, 0)
FROM leaders
LEFT JOIN led ON led.rep = leaders.rep
LEFT JOIN resolved ON resolved.rep = leaders.rep
LEFT JOIN outs ON outs.rep = leaders.rep
LEFT JOIN counts ON counts.leader = leaders.rep
"""

LEADER_GROUPS_SQL = f"""
SELECT lm.representative_id, g.name FROM representatives_membership lm
JOIN activities_campaign_leaders cl ON cl.representative_id = lm.representative_id
JOIN representatives_group g ON g.id = lm.group_id
WHERE cl.campaign_id = %(c)s AND {overlap("lm")}
"""


def leader_table_sql(campaign):
    params = {"c": campaign.pk, "start": campaign.start, "end": campaign.end}
    groups = {}
    for leader, name in rows(LEADER_GROUPS_SQL, params):
        groups.setdefault(leader, []).append(name)
    return {
        leader: (tuple(sorted(groups.get(leader, []))), *counts)
        for leader, *counts in rows(LEADERS_SQL, params)
    }


# --- the overview -----------------------------------------------------------------------


def year(y):
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def overview_figures(y):
    """The overview's `period_figures` of year `y` beside the year before, as
    {measure: (now, then)}."""
    start, end = year(y)
    figures = period_figures.live(  # the queries, not the figures kept
        Activity.objects.counted(), ContactTally.objects.counted(), start, end
    )
    return {row["key"]: (row["now"], row["then"]) for row in figures}


def in_period(column, label):
    return (
        f"SUM(CASE WHEN {column} BETWEEN %({label}_start)s AND %({label}_end)s THEN 1 ELSE 0 END)"
    )


OVERVIEW_SQL = f"""
SELECT 'activities', {in_period("a.date", "now")}, {in_period("a.date", "then")}
FROM activities_activity a
WHERE a.review = {COUNTED} AND a.date BETWEEN %(then_start)s AND %(now_end)s
UNION ALL
SELECT 'attendance', {in_period("a.date", "now")}, {in_period("a.date", "then")}
FROM activities_attendance t JOIN activities_activity a ON a.id = t.activity_id
WHERE a.review = {COUNTED} AND a.date BETWEEN %(then_start)s AND %(now_end)s
  AND t.status IN ('present', 'guest')
UNION ALL
SELECT 'raised', {in_period("a.date", "now")}, {in_period("a.date", "then")}
FROM activities_problem p JOIN activities_activity a ON a.id = p.activity_id
WHERE a.review = {COUNTED} AND p.review = {COUNTED}
  AND a.date BETWEEN %(then_start)s AND %(now_end)s
UNION ALL
SELECT 'resolved', {in_period("a.date", "now")}, {in_period("a.date", "then")}
FROM activities_problem p JOIN activities_activity a ON a.id = p.activity_id
WHERE a.review = {COUNTED} AND p.review = {COUNTED} AND p.status = 'resolved'
  AND a.date BETWEEN %(then_start)s AND %(now_end)s
UNION ALL
SELECT 'outputs', {in_period("a.date", "now")}, {in_period("a.date", "then")}
FROM activities_output o JOIN activities_activity a ON a.id = o.activity_id
WHERE a.review = {COUNTED} AND o.review = {COUNTED}
  AND a.date BETWEEN %(then_start)s AND %(now_end)s
"""
TALLIES_SQL = """
SELECT {sums} FROM activities_contacttally
WHERE review = 'approved' AND start BETWEEN %(then_start)s AND %(now_end)s
"""
TALLIED = ["person_times", "problems_solved", "aid_yuan"]


def overview_figures_sql(y):
    start, end = year(y)
    before = same_dates_a_year_earlier(start, end)
    params = {"now_start": start, "now_end": end, "then_start": before[0], "then_end": before[1]}
    found = {key: (now or 0, then or 0) for key, now, then in rows(OVERVIEW_SQL, params)}
    sums = ", ".join(
        f"SUM(CASE WHEN start BETWEEN %({label}_start)s AND %({label}_end)s "
        f"THEN {field} ELSE 0 END)"
        for field in TALLIED
        for label in ("now", "then")
    )
    (values,) = rows(TALLIES_SQL.format(sums=sums), params)
    for i, field in enumerate(TALLIED):
        found[field] = (values[2 * i] or 0, values[2 * i + 1] or 0)
    return found
