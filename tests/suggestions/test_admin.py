"""The admin shows suggestions and their timelines, and changes none of them."""

import datetime

from django.urls import reverse

from suggestions.models import Step

from .conftest import put

D = datetime.date


def test_the_admin_reads_a_suggestion_and_its_timeline(world, units, admin_client):
    s = put(world.reps_a[0], [world.reps_a[1]], number=42)
    s.assign(units.water, on=D(2025, 2, 3))
    s.reply("A", "已经解决", on=D(2025, 3, 3))
    page = admin_client.get(reverse("admin:suggestions_suggestion_change", args=[s.pk]))
    assert page.status_code == 200
    assert "已经解决" in page.text and "省水利厅" in page.text and "吴静波" in page.text
    listed = admin_client.get(reverse("admin:suggestions_suggestion_changelist"))
    assert s.title in listed.text
    assert admin_client.get(reverse("admin:suggestions_suggestion_add")).status_code == 403
    steps = admin_client.get(reverse("admin:suggestions_step_changelist"))
    assert steps.status_code == 200
    step = Step.objects.filter(suggestion=s).first()
    posted = admin_client.post(
        reverse("admin:suggestions_step_delete", args=[step.pk]), {"post": "yes"}
    )
    assert posted.status_code == 403 and Step.objects.filter(pk=step.pk).exists()


def test_the_roles_permissions_on_suggestions(
    leader_client, admin_role_client, db, django_user_model
):
    from accounts.models import Role
    from tests.conftest import login

    staff = login(django_user_model, "staff", Role.STAFF).user
    reviewer = login(django_user_model, "reviewer", Role.REVIEWER).user
    leader, admin = leader_client.user, admin_role_client.user
    assert staff.has_perms(["suggestions.add_suggestion", "suggestions.add_step"])
    assert not staff.has_perm("suggestions.review_suggestion")
    assert leader.has_perm("suggestions.view_suggestion")
    assert not leader.has_perm("suggestions.change_suggestion")
    assert reviewer.has_perms(["suggestions.view_step", "suggestions.review_suggestion"])
    assert admin.has_perms(["suggestions.delete_suggestion", "suggestions.review_suggestion"])
