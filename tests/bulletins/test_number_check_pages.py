"""The number check on the bulletin's pages: the draft's numbers marked, publishing with
flagged numbers confirmed by name, and a published issue saying which of its figures the
records no longer bear out (its text unchanged), the correction starting from them."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.urls import reverse

from activities.demo import SLUG
from activities.figures import campaign_figures, leader_group_members
from activities.models import Activity, Attendance, Campaign, ContactTally
from bulletins.checking import check_bulletin
from bulletins.drafting import draft_bulletin
from bulletins.models import Bulletin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


@pytest.fixture
def demo():
    return Campaign.objects.get(slug=SLUG)


def client_of(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def staff():
    return client_of("staff")


@pytest.fixture
def seed_issue():
    return Bulletin.objects.get(year=2021, number=24)


def with_rate(bulletin, written):
    """The draft with its participation rate written as `written`, saved."""
    bulletin.body = bulletin.body.replace("参加率为92.8%", f"参加率为{written}")
    bulletin.save()
    return bulletin


def publish(client, bulletin, **data):
    return client.post(reverse("bulletins:bulletin-publish", args=[bulletin.pk]), data)


def test_the_demos_draft_checks_every_number_it_prints(demo):
    check = check_bulletin(draft_bulletin(demo))

    assert check.flagged == []
    assert {r.figure.key for r in check.checked} >= {
        "group_members.rate",
        "contacts.person_times",
        "contacts.problems_solved",
        "contacts.aid_yuan",
        "draft:按期答复率",  # the suggestions' sentence
    }


def test_the_draft_prints_the_contacts_in_the_offices_forms(demo):
    round_body = draft_bulletin(demo).body
    # The seed's tallies were not round: 134万余人次, 近6万个, 4.4亿余元.
    tally = ContactTally.objects.counted().filter(campaign=demo).order_by("pk").first()
    ContactTally.objects.filter(pk=tally.pk).update(
        person_times=F("person_times") + 2_000,
        problems_solved=F("problems_solved") - 600,
        aid_yuan=F("aid_yuan") + 1_200_000,
    )

    body = draft_bulletin(demo).body

    assert campaign_figures(demo)["contacts"] == {
        "person_times": 1_342_000,
        "problems_solved": 59_400,
        "aid_yuan": 441_200_000,
    }
    assert "走访联系群众134万人次，帮助群众解决问题6万个，落实帮扶物资或资金4.4亿元" in round_body
    assert "走访联系群众134万余人次，帮助群众解决问题近6万个，落实帮扶物资或资金4.4亿余元" in body
    assert check_bulletin(Bulletin.objects.order_by("-pk").first()).flagged == []


def test_the_edit_page_marks_a_changed_rate_flagged_with_the_figure(demo, staff):
    draft = with_rate(draft_bulletin(demo), "92.6%")

    page = staff.get(reverse("bulletins:bulletin-edit", args=[draft.pk])).content.decode()

    assert (
        '<mark class="number-flagged" title="与所在代表小组代表参加率（%）不符，应为 92.8%">'
        "92.6%</mark>" in page
    )
    assert '<mark class="number-checked" title="已核对：活动 40">40</mark>' in page
    assert "1 个数字待核实" in page


def test_the_edit_page_checks_the_text_as_typed_when_it_is_refused(demo, staff):
    draft = draft_bulletin(demo)
    url = reverse("bulletins:bulletin-edit", args=[draft.pk])

    page = staff.post(url, {"title": "", "body": "参加率为91%。"}).content.decode()

    assert '<mark class="number-flagged"' in page and ">91%</mark>" in page


def test_publishing_with_a_flagged_number_asks_for_a_confirmation_naming_it(demo, staff):
    draft = with_rate(draft_bulletin(demo), "92.6%")

    asked = publish(staff, draft)

    draft.refresh_from_db()
    assert (asked.status_code, draft.status) == (200, "draft")
    page = asked.content.decode()
    assert "数字核对发现 1 个数字待核实" in page
    assert '<mark class="number-flagged">92.6%</mark>' in page
    assert "与所在代表小组代表参加率（%）不符，应为 92.8%" in page
    assert f'name="confirm" value="{asked.context["check"].signature}"' in page


def test_a_wrong_or_stale_confirmation_publishes_nothing(demo, staff):
    draft = with_rate(draft_bulletin(demo), "92.6%")
    signature = publish(staff, draft).context["check"].signature
    with_rate(draft, "92.6%")  # saved again: the same flag, still asked by name
    draft.body = draft.body.replace("共开展活动40次", "共开展活动41次")
    draft.save()

    answer = publish(staff, draft, confirm=signature)

    draft.refresh_from_db()
    assert (answer.status_code, draft.status) == (200, "draft")
    assert "确认之后正文或数据有变化" in answer.content.decode()
    assert publish(staff, draft, confirm="anything").status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_confirmation_publishes_and_keeps_only_the_checked_figures(demo, staff):
    draft = with_rate(draft_bulletin(demo), "92.6%")
    signature = publish(staff, draft).context["check"].signature

    done = publish(staff, draft, confirm=signature)

    draft.refresh_from_db()
    assert (done.status_code, done.url, draft.status) == (
        302,
        draft.get_absolute_url(),
        "published",
    )
    printed = {entry["key"]: entry["text"] for entry in draft.printed_figures}
    assert printed["contacts.person_times"] == "134万"
    assert "group_members.rate" not in printed  # 92.6% matched nothing: confirmed, not kept


def test_a_draft_whose_numbers_all_check_publishes_at_once(demo, staff):
    draft = draft_bulletin(demo)

    done = publish(staff, draft)

    draft.refresh_from_db()
    assert (done.status_code, draft.status) == (302, "published")
    rate = next(e for e in draft.printed_figures if e["key"] == "group_members.rate")
    assert (rate["text"], rate["value"]) == ("92.8%", 92.8)


def drop_one_member(demo):
    """Delete the attendance of one group member who took part only by attending (not a
    leader, leading nothing): the members taking part fall by one (284 → 283)."""
    members = leader_group_members([demo.pk]).values("representative")
    leading = Activity.leaders.through.objects.filter(activity__campaign=demo)
    row = (
        Attendance.objects.taking_part()
        .filter(activity__in=Activity.objects.counted().filter(campaign=demo))
        .filter(representative__in=members)
        .exclude(representative__in=demo.leaders.values("pk"))
        .exclude(representative__in=leading.values("representative"))
        .order_by("pk")
        .first()
    )
    Attendance.objects.filter(representative=row.representative, activity__campaign=demo).delete()


def test_a_published_issue_says_which_printed_figure_the_records_no_longer_bear_out(
    demo, seed_issue
):
    body = seed_issue.body
    leader = client_of("leader")
    assert "刊发后数据已有变化" not in leader.get(seed_issue.get_absolute_url()).content.decode()

    drop_one_member(demo)
    rate = campaign_figures(demo)["group_members"]["rate"]
    page = leader.get(seed_issue.get_absolute_url())

    assert rate < 92.8
    drifts = [(d.label, d.text, d.then, d.now) for d in page.context["drifts"]]
    assert ("参加主题活动的代表", "284", 284, 283) in drifts
    assert ("所在代表小组代表参加率（%）", "92.8%", 92.8, rate) in drifts
    html = page.content.decode()
    assert "刊发后数据已有变化" in html
    assert f"<strong>{rate}%</strong>" in html
    seed_issue.refresh_from_db()
    assert seed_issue.body == body  # the published text never changes
    assert "参加率为92.8%" in html


def test_the_correction_starts_from_the_drifted_figures(demo, seed_issue, staff):
    drop_one_member(demo)

    staff.post(reverse("bulletins:bulletin-correct", args=[seed_issue.pk]))
    correction = Bulletin.objects.get(revises=seed_issue)
    page = staff.get(reverse("bulletins:bulletin-edit", args=[correction.pk]))

    assert correction.printed_figures == []
    assert [d.text for d in page.context["drifts"]] == ["284", "92.8%"]
    html = page.content.decode()
    assert "刊发后数据已有变化" in html
    # The copied text's old figures are flagged by the check, beside their figures.
    flagged = {r.number.text for r in page.context["check"].flagged}
    assert flagged == {"284", "92.8%"}


def test_the_pages_ask_a_fixed_number_of_queries(
    demo, seed_issue, staff, django_assert_num_queries
):
    """The session and the user (4), the issue (1), the campaign's figures (3) and the
    rest of its draft (13: the office's templates 2, topics, departments, outlets and the
    office's order of them 2, the activities it tells of with their leaders, the leaders'
    posts, groups and highlighted problems 5, the rank table, suggestions), whatever the
    number of days it names leaders on; the edit page reads the distribution lists too."""
    pages = [
        ("published", client_of("leader"), seed_issue.get_absolute_url()),
        ("draft", staff, draft_bulletin(demo).get_absolute_url()),
        ("edit", staff, Bulletin.objects.get(status="draft").get_absolute_url() + "edit/"),
    ]
    for name, client, url in pages:
        client.get(url)  # the session settled
        with django_assert_num_queries({"published": 21, "draft": 21, "edit": 22}[name]):
            assert client.get(url).status_code == 200
