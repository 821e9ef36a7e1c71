"""The suggestion pages, through the real views, each step by the role that takes it:
the office (liaison staff) and the departments' users 承办单位."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile, Role
from activities.models import Department, Problem
from activities.review import Review
from suggestions.forms import ReplyForm
from suggestions.models import Status, Step, Suggestion

from ..conftest import build_world, kept_for_the_module, login

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Office:
    pass


def unit_client(name, department):
    client = login(get_user_model(), name, Role.UNIT)
    Profile.objects.create(user=client.user, department=department)
    return client


def put(world, number, lead, title=None, **fields):
    suggestion = Suggestion(
        number=number,
        year=2025,
        title=title or f"关于第{number}件事的建议",
        submitted_on=datetime.date(2025, 1, 20),
        **fields,
    )
    suggestion.submit(None)
    suggestion.save_with_deputies(lead, [])
    return suggestion


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        o = Office()
        o.world = build_world()
        o.transport = Department.objects.create(name="省交通运输厅")
        o.water = Department.objects.create(name="省水利厅")
        o.farming = Department.objects.create(name="省农业农村厅")
        user_model = get_user_model()
        o.staff = login(user_model, "staff", Role.STAFF)
        o.staff_a = login(user_model, "staff-a", Role.STAFF, [o.world.area_a])
        o.transport_user = unit_client("transport", o.transport)
        o.water_user = unit_client("water", o.water)
        o.farming_user = unit_client("farming", o.farming)
        # One suggestion of each area, with the farming department.
        o.of_a = put(o.world, 100, o.world.reps_a[0], title="甲地修路的建议")
        o.of_b = put(o.world, 101, o.world.reps_b[0], title="乙地治水的建议")
        for s in (o.of_a, o.of_b):
            s.assign(o.farming, [])
        yield o


@pytest.fixture
def o(office, db):
    return office


def post_step(client, suggestion, step, **data):
    fields = {f"{step}-{name}": value for name, value in data.items()}
    return client.post(reverse(f"suggestions:{step}", args=[suggestion.pk]), fields)


def status_of(suggestion):
    suggestion.refresh_from_db()
    return suggestion.status


def test_a_suggestion_walked_through_every_step(o):
    lead = o.world.reps_a[0]
    answer = o.staff.post(
        reverse("suggestions:new"),
        {
            "year": 2025,
            "number": 7,
            "level": "provincial",
            "title": "关于修缮乡村公路的建议",
            "text": "娄星区部分乡村公路破损。",
            "submitted_on": "2025-01-20",
            "lead": lead.pk,
            "seconders": [o.world.reps_a[1].pk],
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    s = Suggestion.objects.get(year=2025, number=7)
    assert s.lead_deputy == lead

    answer = post_step(o.staff, s, "assign", lead_unit=o.transport.pk, co_units=[o.water.pk])
    assert answer.status_code == 302 and status_of(s) == Status.ASSIGNED

    # The transport department was the wrong unit: it returns it, and it leaves its inbox.
    answer = post_step(o.transport_user, s, "return", reason="不属于本单位职责")
    assert answer.url == reverse("suggestions:inbox") and status_of(s) == Status.RETURNED
    assert o.transport_user.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404

    answer = post_step(o.staff, s, "reassign", lead_unit=o.farming.pk, co_units=[o.water.pk])
    assert answer.status_code == 302 and status_of(s) == Status.ASSIGNED

    answer = post_step(o.farming_user, s, "contact", form="phone", note="电话联系代表")
    assert answer.status_code == 302
    answer = post_step(o.water_user, s, "opinion", text="同意主办单位意见")
    assert answer.status_code == 302

    document = SimpleUploadedFile("答复.pdf", PDF, content_type="application/pdf")
    answer = o.farming_user.post(
        reverse("suggestions:reply", args=[s.pk]),
        {"reply-reply_class": "B", "reply-text": "正在逐步解决", "reply-document": document},
    )
    assert answer.status_code == 302 and status_of(s) == Status.ANSWERED
    reply = s.steps.get(kind=Step.Kind.REPLY)
    download = reverse("suggestions:document", args=[s.pk, reply.pk])
    assert b"".join(o.water_user.get(download).streaming_content) == PDF
    assert o.transport_user.get(download).status_code == 404

    answer = post_step(o.staff, s, "rate", rating="dissatisfied", comment="进度太慢")
    assert answer.status_code == 302 and status_of(s) == Status.REHANDLING
    answer = post_step(o.farming_user, s, "reply", reply_class="A", text="已经解决")
    assert answer.status_code == 302 and status_of(s) == Status.ANSWERED
    answer = post_step(o.staff, s, "rate", rating="satisfied")
    assert answer.status_code == 302 and status_of(s) == Status.CLOSED

    kinds = list(s.steps.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "assigned", "returned", "reassigned", "contact", "opinion",
        "reply", "rating", "reply", "rating",
    ]  # fmt: skip
    page = o.farming_user.get(reverse("suggestions:detail", args=[s.pk]))
    assert "已经解决" in page.content.decode()


def test_a_unit_sees_nothing_of_another_units_suggestion(o):
    s = o.of_a  # the farming department's
    assert o.of_a.title not in o.transport_user.get(reverse("suggestions:list")).content.decode()
    assert o.of_a.title in o.farming_user.get(reverse("suggestions:list")).content.decode()
    assert o.transport_user.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404
    for step, data in [
        ("return", {"reason": "不是我们的"}),
        ("contact", {"form": "phone"}),
        ("opinion", {"text": "意见"}),
        ("reply", {"reply_class": "A", "text": "答复"}),
    ]:
        assert post_step(o.transport_user, s, step, **data).status_code == 404, step
    assert not s.steps.exclude(kind="assigned").exists()


def test_a_unit_cannot_act_as_the_office_nor_read_its_pages(o):
    s = o.of_a
    for step, data in [
        ("assign", {"lead_unit": o.water.pk}),
        ("close", {"reason": "办结"}),
        ("rate", {"rating": "satisfied"}),
        ("deadline", {"deadline": "2026-01-01", "reason": "延期"}),
    ]:
        assert post_step(o.farming_user, s, step, **data).status_code == 403, step
    assert o.farming_user.get(reverse("suggestions:new")).status_code == 403
    assert o.farming_user.get(reverse("activities:overview")).status_code == 403
    assert o.farming_user.get(reverse("activities:problem-list")).status_code == 403
    assert o.farming_user.get("/").url == reverse("suggestions:inbox")
    # … and the office cannot act as a unit.
    assert post_step(o.staff, s, "reply", reply_class="A", text="答复").status_code == 403
    assert o.staff.get(reverse("suggestions:inbox")).status_code == 403


def test_staff_of_one_area_see_only_its_suggestions(o):
    listed = o.staff_a.get(reverse("suggestions:list")).content.decode()
    assert o.of_a.title in listed and o.of_b.title not in listed
    assert o.staff_a.get(reverse("suggestions:detail", args=[o.of_b.pk])).status_code == 404
    answer = post_step(o.staff_a, o.of_b, "close", reason="办结")
    assert answer.status_code == 404 and status_of(o.of_b) == Status.ASSIGNED


def test_a_refused_step_says_why_in_chinese_and_writes_nothing(o):
    answer = post_step(o.farming_user, o.of_a, "return", reason="  ")
    assert answer.status_code == 200
    assert answer.context["step_forms"]["return"].errors["reason"]
    answer = post_step(o.staff, o.of_a, "deadline", deadline="2025-01-01", reason="提前")
    assert answer.status_code == 200
    assert "办理期限不能早于交办日期。" in answer.content.decode()
    assert status_of(o.of_a) == Status.ASSIGNED and o.of_a.steps.count() == 1


def test_a_reply_document_must_be_a_pdf_or_word_file(o):
    for name, content in [("答复.exe", b"MZ"), ("答复.pdf", b"MZ not a pdf")]:
        answer = o.farming_user.post(
            reverse("suggestions:reply", args=[o.of_a.pk]),
            {
                "reply-reply_class": "A",
                "reply-text": "答复",
                "reply-document": SimpleUploadedFile(name, content),
            },
        )
        assert answer.status_code == 200
        assert answer.context["step_forms"]["reply"].errors["document"], name
    assert status_of(o.of_a) == Status.ASSIGNED


def test_a_problem_becomes_a_suggestion_keeping_the_link(o):
    problem = Problem.objects.create(
        activity=o.world.activity_a, title="村道破损", area=o.world.area_a
    )
    page = o.staff.get(reverse("suggestions:new"), {"problem": problem.pk})
    assert page.context["form"]["title"].value() == "村道破损"
    answer = o.staff.post(
        reverse("suggestions:new"),
        {
            "problem": problem.pk,
            "year": 2025,
            "number": 9,
            "level": "provincial",
            "title": "村道破损",
            "submitted_on": datetime.date.today().isoformat(),
            "lead": o.world.reps_a[0].pk,
        },
    )
    assert answer.status_code == 302
    assert Suggestion.objects.get(number=9, year=2025).problem == problem


def more(o, count, start):
    for number in range(start, start + count):
        s = put(o.world, number, o.world.reps_a[number % 2])
        s.assign(o.farming, [o.water])


@pytest.mark.parametrize(
    "who, name, queries",
    [("staff", "list", 12), ("water_user", "list", 13), ("farming_user", "inbox", 10)],
)
def test_the_list_and_the_inbox_ask_as_many_queries_for_many_suggestions(
    o, who, name, queries, django_assert_num_queries
):
    client, url = getattr(o, who), reverse(f"suggestions:{name}")
    more(o, 2, 200)
    client.get(url)  # the session's first read
    with django_assert_num_queries(queries):
        before = client.get(url).content.decode().count('href="/suggestions/')
    more(o, 6, 300)
    with django_assert_num_queries(queries):
        after = client.get(url).content.decode().count('href="/suggestions/')
    assert after == before + 6


def test_a_returned_suggestion_is_corrected_on_its_page_and_goes_to_review_again(o):
    Suggestion.objects.filter(pk=o.of_a.pk).update(
        review=Review.RETURNED, return_reason="领衔代表有误"
    )
    page = o.staff_a.get(reverse("suggestions:detail", args=[o.of_a.pk])).content.decode()
    edit = reverse("suggestions:edit", args=[o.of_a.pk])
    assert f'href="{edit}"' in page
    form = o.staff_a.get(edit).content.decode()
    assert "领衔代表有误" in form

    answer = o.staff_a.post(edit, {
        "year": 2025, "number": 100, "level": o.of_a.level, "title": "甲地修路的建议（改）",
        "text": "", "submitted_on": "2025-01-20", "lead": o.world.reps_a[1].pk,
    })  # fmt: skip

    assert answer.status_code == 302
    o.of_a.refresh_from_db()
    assert (o.of_a.title, o.of_a.review) == ("甲地修路的建议（改）", Review.SUBMITTED)
    assert o.of_a.deputy_rows.get(is_lead=True).representative == o.world.reps_a[1]
    assert o.of_a.status == Status.ASSIGNED  # its handling moves only by its steps
    # Another area's staff cannot reach it, nor a unit.
    assert o.staff_a.get(reverse("suggestions:edit", args=[o.of_b.pk])).status_code == 404
    assert o.farming_user.get(edit).status_code == 403


def test_the_reply_documents_help_is_in_the_readers_language():
    with translation.override("en"):
        english = str(ReplyForm(prefix="reply").fields["document"].help_text)
    with translation.override("zh-hans"):
        chinese = str(ReplyForm(prefix="reply").fields["document"].help_text)
    assert english == "PDF or Word (.pdf, .doc, .docx), up to 10 MB."
    assert chinese.startswith("PDF 或 Word 文件")
