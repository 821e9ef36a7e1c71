"""The error pages 400, 403, 404 and 500: the site's layout, in the user's language, saying
what happened and where to go, and echoing nothing of the request.

The tests run with DEBUG off, as in production. This module is also the URLconf of its
tests: the site's addresses and two that fail on purpose.
"""

import pytest
from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import translation
from django.views.defaults import bad_request, server_error

from lianluo.urls import urlpatterns as site

pytestmark = pytest.mark.django_db

SECRET = "secret-detail-4711"


def fails(request):
    raise RuntimeError(f"the database password is {SECRET}")


def refuses(request):
    raise BadRequest(f"refused: {SECRET}")


urlpatterns = [*site, path("test-fails/", fails), path("test-refuses/", refuses)]

on_test_urls = override_settings(ROOT_URLCONF=__name__)


def in_english(client):
    """The same user's browser with the English UI chosen (the language switch's cookie:
    the pages speak Chinese whatever the browser asks)."""
    english = Client(raise_request_exception=client.raise_request_exception)
    english.force_login(client.user)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def page(response):
    return response.content.decode()


def in_the_layout(html):
    return 'class="masthead"' in html and "<main>" in html and 'href="/"' in html


def test_a_missing_page_says_so_in_chinese_and_english(leader_client):
    hostile = "/no-such-page/%3Cscript%3Ealert(1)%3C/script%3E/"

    chinese = leader_client.get(hostile)
    english = in_english(leader_client).get(hostile)

    assert (chinese.status_code, english.status_code) == (404, 404)
    assert "找不到页面" in page(chinese) and "返回首页" in page(chinese)
    assert "Page not found" in page(english) and "Go to the home page" in page(english)
    for response in (chinese, english):
        html = page(response)
        assert in_the_layout(html)
        assert "no-such-page" not in html and "alert(1)" not in html and "<script>" not in html


def test_a_record_outside_ones_areas_is_the_same_page_as_a_missing_one(world, staff_a_client):
    other = staff_a_client.get(reverse("archives:group", args=[world.group_b.pk]))
    missing = staff_a_client.get(reverse("archives:group", args=[999_999]))

    assert other.status_code == missing.status_code == 404
    assert "找不到页面" in page(other)
    assert world.group_b.name not in page(other)


def test_a_leader_posting_to_a_staff_page_is_refused_on_the_403_page(world, leader_client):
    url = reverse("activities:activity-create")

    chinese = leader_client.post(url, {"title": "x"})
    english = in_english(leader_client).post(url, {"title": "x"})

    assert (chinese.status_code, english.status_code) == (403, 403)
    assert "无权访问" in page(chinese) and "管理员" in page(chinese)
    assert "Not allowed" in page(english)
    assert in_the_layout(page(chinese))
    assert "activities.add_activity" not in page(chinese)


def test_a_form_sent_without_its_token_is_told_it_expired(leader_client):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(leader_client.user)

    response = checked.post(reverse("logout"))

    assert response.status_code == 403
    assert "表单已失效" in page(response) and in_the_layout(page(response))
    assert "CSRF" not in page(response)


@on_test_urls
def test_a_bad_request_says_so_without_echoing_it(leader_client):
    chinese = leader_client.get("/test-refuses/")
    english = in_english(leader_client).get("/test-refuses/")

    assert (chinese.status_code, english.status_code) == (400, 400)
    assert "请求有误" in page(chinese) and "Bad request" in page(english)
    assert in_the_layout(page(chinese))
    assert SECRET not in page(chinese) + page(english)


@on_test_urls
def test_a_server_error_says_so_and_leaks_nothing(leader_client):
    leader_client.raise_request_exception = False

    chinese = leader_client.get("/test-fails/")
    english = in_english(leader_client).get("/test-fails/")

    assert (chinese.status_code, english.status_code) == (500, 500)
    assert "服务器出错了" in page(chinese) and "返回首页" in page(chinese)
    assert "Something went wrong" in page(english)
    for response in (chinese, english):
        html = page(response)
        assert in_the_layout(html)
        assert SECRET not in html and "Traceback" not in html and "test-fails" not in html


@pytest.mark.parametrize("handler", [server_error, bad_request], ids=["500", "400"])
def test_the_pages_rendered_without_a_request_read_no_database(handler):
    request = RequestFactory().get("/")
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        response = handler(request, *([BadRequest()] if handler is bad_request else []))

    assert response.status_code in (400, 500)
    assert len(queries) == 0
    assert in_the_layout(page(response))


def test_a_missing_page_is_the_sites_own_in_development_too(leader_client, settings):
    """The README's demo runs with DEBUG on: its users meet the site's 404, not Django's
    technical page listing the project's routes; DEBUG_404 brings that back."""
    settings.DEBUG = True
    chinese = leader_client.get("/no-such-page/")
    english = in_english(leader_client).get("/activities/999999/")  # a view's Http404

    assert (chinese.status_code, english.status_code) == (404, 404)
    assert "找不到页面" in page(chinese) and in_the_layout(page(chinese))
    assert "Page not found" in page(english) and in_the_layout(page(english))
    for response in (chinese, english):
        assert "URLconf" not in page(response) and "activity-list" not in page(response)
        assert response["X-Frame-Options"] == "DENY"  # the other middleware's headers too
    assert leader_client.get("/activities").status_code == 301  # a slash still added

    settings.DEBUG_404 = True
    assert "URLconf" in page(leader_client.get("/no-such-page/"))
