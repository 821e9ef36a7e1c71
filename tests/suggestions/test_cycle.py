"""A suggestion walks its cycle by the domain methods: each step is appended, dated and
authored, the status moves with it in the same transaction, and an invalid move is refused
with a reason and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation

from activities.models import Output, Problem
from suggestions.models import Deputy, Rating, Status, Step, Suggestion

from .conftest import put

D = datetime.date


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office")


def refused(call, field):
    """Run `call`, which must be refused on `field`; give the message."""
    with pytest.raises(ValidationError) as refusal:
        call()
    assert field in refusal.value.message_dict, refusal.value.message_dict
    return refusal.value.message_dict[field][0]


def test_the_whole_cycle_with_a_wrong_unit_and_a_rehandling(world, units, office):
    s = put(world.reps_a[0], [world.reps_a[1], world.reps_b[0]], number=123)
    with translation.override("zh-hans"):
        assert s.status == Status.RECEIVED and str(s.number_display) == "第0123号"
    assert s.lead_deputy == world.reps_a[0]

    s.assign(units.water, [units.farming], on=D(2025, 2, 3), by=office)  # a Monday
    assert (s.status, s.lead_unit, s.deadline) == (Status.ASSIGNED, units.water, D(2025, 5, 3))
    assert list(s.co_units.all()) == [units.farming]

    s.return_(units.water, "应由交通运输厅主办", on=D(2025, 2, 10), by=office)  # 5th working day
    assert s.status == Status.RETURNED and s.lead_unit is None and not s.co_units.exists()
    assert not Suggestion.objects.for_department(units.water).exists()

    s.reassign(units.transport, [units.water], on=D(2025, 2, 12), by=office)
    assert (s.assigned_on, s.deadline) == (D(2025, 2, 12), D(2025, 5, 12))
    s.record_contact("phone", on=D(2025, 3, 1), by=office, note="电话沟通")
    s.send_opinion(units.water, "同意列入计划", on=D(2025, 3, 5), by=office)
    s.change_deadline(D(2025, 6, 30), "需现场调研", on=D(2025, 3, 6), by=office)
    s.reply("C", "因条件限制需要以后解决", on=D(2025, 5, 20), by=office)
    assert s.status == Status.ANSWERED
    s.rate(Rating.DISSATISFIED, "未解决实际问题", on=D(2025, 6, 1), by=office)
    assert s.status == Status.REHANDLING
    assert Suggestion.objects.awaiting_reply().get() == s
    doc = ContentFile(b"%PDF-1.4", name="reply.pdf")
    s.reply("B", "", on=D(2025, 6, 20), by=office, document=doc)
    s.rate(Rating.BASICALLY_SATISFIED, on=D(2025, 7, 1), by=office)
    assert s.status == Status.CLOSED

    steps = list(s.timeline())
    assert [step.kind for step in steps] == [
        "assigned", "returned", "reassigned", "contact", "opinion", "deadline_changed",
        "reply", "rating", "reply", "rating",
    ]  # fmt: skip
    assert [step.to_status for step in steps][-3:] == ["rehandling", "answered", "closed"]
    assert all(step.author == office for step in steps)
    assert steps[8].document.name.startswith("suggestions/replies/2025/06/")
    assert list(steps[2].co_units.all()) == [units.water]


def test_a_unit_returns_only_within_the_working_days_it_has(world, units, settings):
    settings.SUGGESTION_RETURN_WORKING_DAYS = 5
    s = put(world.reps_a[0], number=1)
    s.assign(units.water, [units.farming], on=D(2025, 2, 7))  # a Friday
    message = refused(lambda: s.return_(units.water, "非本单位职责", on=D(2025, 2, 17)), "on")
    assert "5" in message
    refused(lambda: s.return_(units.transport, "非本单位职责", on=D(2025, 2, 10)), "department")
    refused(lambda: s.return_(units.water, "  ", on=D(2025, 2, 10)), "reason")
    s.return_(units.farming, "非本单位职责", on=D(2025, 2, 14))  # a co-unit, 5th working day
    assert s.status == Status.RETURNED


def test_invalid_moves_are_refused_and_write_nothing(world, units):
    s = put(world.reps_a[0], number=2)
    refused(lambda: s.reply("A", "已解决", on=D(2025, 3, 1)), "status")
    refused(lambda: s.assign(units.water, [units.water], on=D(2025, 3, 1)), "co_units")
    refused(lambda: s.assign(units.water, on=D(2025, 1, 1)), "on")  # before it was put
    refused(lambda: s.assign(units.water, on=D(2099, 1, 1)), "on")
    refused(lambda: s.rate("great", on=D(2025, 3, 1)), "rating")
    s.assign(units.water, on=D(2025, 3, 3))
    refused(lambda: s.reply("E", "答复", on=D(2025, 4, 1)), "reply_class")
    refused(lambda: s.reply("A", "", on=D(2025, 4, 1)), "text")
    refused(lambda: s.send_opinion(units.water, "意见", on=D(2025, 4, 1)), "department")
    refused(lambda: s.record_contact("fax", on=D(2025, 4, 1)), "form")
    refused(lambda: s.change_deadline(D(2025, 8, 1), "", on=D(2025, 4, 1)), "reason")
    refused(lambda: s.change_deadline(D(2025, 3, 1), "提前", on=D(2025, 4, 1)), "deadline")
    s.reply("A", "已解决", on=D(2025, 4, 1))
    refused(lambda: s.reply("A", "再答复", on=D(2025, 4, 2)), "status")
    refused(lambda: s.return_(units.water, "错派", on=D(2025, 4, 2)), "status")
    refused(lambda: s.rate(Rating.SATISFIED, on=D(2025, 3, 31)), "on")  # before the reply
    refused(lambda: s.rate(Rating.DISSATISFIED, "", on=D(2025, 4, 5)), "comment")
    s.refresh_from_db()
    assert s.status == Status.ANSWERED and s.steps.count() == 2
    s.close("代表撤回", on=D(2025, 4, 5))
    refused(lambda: s.close("再关", on=D(2025, 4, 6)), "status")
    assert s.steps.count() == 3


def test_the_steps_are_append_only(world, units):
    s = put(world.reps_a[0], number=3)
    step = s.assign(units.water, on=D(2025, 3, 3))
    step.text = "改写"
    with pytest.raises(ValidationError):
        step.save()
    with pytest.raises(ValidationError):
        step.delete()


def test_a_complex_suggestion_has_six_months(world, units):
    s = put(world.reps_a[0], number=4, complex=True)
    s.assign(units.water, on=D(2025, 8, 31))
    assert s.deadline == D(2026, 2, 28)


def test_the_database_holds_one_lead_and_a_whole_assignment(world, units):
    s = put(world.reps_a[0], [world.reps_a[1]], number=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deputy.objects.filter(suggestion=s).update(is_lead=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=s.pk).update(lead_unit=units.water)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=s.pk).update(status=Status.ASSIGNED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(suggestion=s, kind="reply", on=D(2025, 3, 3), from_status="x",
                            to_status="y", department=units.water, text="无类别")  # fmt: skip
    refused(lambda: put(world.reps_b[0], number=5), "__all__")  # taken in 2025 …
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(number=5, year=2025, title="重号", submitted_on=D(2025, 1, 2))
    put(world.reps_b[0], number=5, level="city")  # … at the provincial level


def test_the_deputies_are_one_lead_and_distinct_seconders(world):
    lead, other = world.reps_a
    s = Suggestion(number=6, year=2025, title="建议", submitted_on=D(2025, 1, 2))
    for seconders in ([lead], [other, other]):
        refused(lambda seconders=seconders: s.save_with_deputies(lead, seconders), "deputies")
    refused(lambda: s.save_with_deputies(None, [other]), "deputies")
    assert not Suggestion.objects.exists()


def test_a_suggestion_of_a_campaign_is_its_output_and_keeps_it_in_step(world, office):
    outputs = Output.objects.filter(kind=Output.Kind.SUGGESTION)
    s = put(world.reps_a[0], [world.reps_a[1]], number=7, activity=world.activity_a)
    assert refused(
        lambda: put(world.reps_a[0], number=8, campaign=None, activity=world.activity_a,
                    problem=Problem.objects.create(activity=world.activity_b, title="路")),
        "problem",
    )  # fmt: skip
    output = outputs.get()
    assert (output.title, output.date, output.activity) == (s.title, s.submitted_on, s.activity)
    assert set(output.representatives.all()) == set(world.reps_a)
    assert output.of_campaign == world.campaign and s.output == output

    s.submit(office)  # changed by a person: the suggestion and its output await review
    s.title = "改后的标题"
    s.save_with_deputies(world.reps_a[0])
    output.refresh_from_db()
    assert (output.title, output.review, output.submitted_by) == ("改后的标题", "submitted", office)
    assert list(output.representatives.all()) == [world.reps_a[0]]

    s.activity = None
    s.save_with_deputies(world.reps_a[0])
    assert not outputs.exists() and s.output is None
    alone = put(world.reps_b[0], number=9)
    assert alone.output is None


def test_a_problem_becomes_a_suggestion_keeping_the_link(world):
    problem = Problem.objects.create(activity=world.activity_a, title="村道失修", detail="详情")
    s = Suggestion.from_problem(problem, number=10, year=2025, submitted_on=D(2025, 1, 5))
    s.save_with_deputies(world.reps_a[0])
    assert (s.problem, s.activity, s.campaign, s.text) == (
        problem, world.activity_a, world.campaign, "详情",
    )  # fmt: skip
    assert s.output.kind == Output.Kind.SUGGESTION


def test_a_draft_is_not_assigned(world, units, office):
    s = Suggestion(number=11, year=2025, title="草稿", submitted_on=D(2025, 1, 5))
    s.submit(office, draft=True)
    s.save_with_deputies(world.reps_a[0])
    refused(lambda: s.assign(units.water, on=D(2025, 2, 3)), "status")


def test_who_sees_which_suggestions(world, units, django_user_model):
    from accounts.models import Profile

    in_a = put(world.reps_a[0], [world.reps_b[0]], number=12)
    in_b = put(world.reps_b[1], [world.reps_a[1]], number=13)
    staff_a = django_user_model.objects.create_user("staff-a")
    Profile.objects.create(user=staff_a).areas.set([world.area_a])
    everyone = django_user_model.objects.create_user("everyone")
    assert list(Suggestion.objects.visible_to(staff_a)) == [in_a]
    assert set(Suggestion.objects.visible_to(everyone)) == {in_a, in_b}

    in_a.assign(units.water, [units.farming], on=D(2025, 2, 3))
    in_b.assign(units.farming, on=D(2025, 2, 3))
    assert list(Suggestion.objects.for_department(units.water)) == [in_a]
    assert set(Suggestion.objects.for_department(units.farming)) == {in_a, in_b}
    assert not Suggestion.objects.for_department(units.transport).exists()
    assert list(Suggestion.objects.overdue(D(2025, 5, 3))) == []  # due that day
    assert set(Suggestion.objects.overdue(D(2025, 5, 4))) == {in_a, in_b}
    assert list(Suggestion.objects.due_by(D(2025, 5, 2))) == []
    assert set(Suggestion.objects.due_by(D(2025, 5, 3))) == {in_a, in_b}
