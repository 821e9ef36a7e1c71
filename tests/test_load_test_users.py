"""The load test's users (benchmarks/load.py): signed in without a login, each a leader of
the whole province or staff of one city, visiting only what they may see. The load test
itself runs by hand against gunicorn (not here): this holds its setup to the app's rules,
so that its figures are those of real users, not of refusals or login pages."""

import pytest
from django.test import Client

from benchmarks.load import users_and_plan
from ledgers.generating import generate
from representatives.models import Area, Group, Representative

pytestmark = pytest.mark.django_db


def test_each_user_is_signed_in_and_plans_to_visit_only_what_they_may_see():
    generate("tiny", 2)
    plan = users_and_plan(4, 0.5, seed=1)

    assert [entry["kind"] for entry in plan] == ["leader", "leader", "staff", "staff"]
    leader, staff = plan[0], plan[2]
    assert set(leader["cities"]) == set(
        Area.objects.filter(kind=Area.Kind.CITY).values_list("pk", flat=True)
    )
    [city] = staff["cities"]
    in_city = Area.objects.within(city)
    assert not Group.objects.filter(pk__in=staff["groups"]).exclude(area__in=in_city).exists()
    members_elsewhere = Representative.objects.filter(pk__in=staff["deputies"]).exclude(
        memberships__group__area__in=in_city
    )
    assert not members_elsewhere.exists()
    assert staff["register"] and all(entry["members"] for entry in staff["register"])

    for entry in (leader, staff):
        client = Client()
        client.cookies[entry["cookie"][0]] = entry["cookie"][1]
        for url in (
            f"/campaigns/{entry['campaign']}/",
            f"/representatives/{entry['deputies'][0]}/",
            f"/groups/{entry['groups'][0]}/",
            f"/areas/{entry['cities'][0]}/",
            f"/activities/?page={entry['pages']}",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.wsgi_request.user.username == entry["user"]
