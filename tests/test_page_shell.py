"""The page shell: stylesheets go in <head>, and the navigation marks the page it is on."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from bulletins.models import Bulletin

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def marked_links(page):
    """The addresses of the navigation's links marked as the current page."""
    nav = page[page.index("<nav>") : page.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"[^>]*\baria-current="page"', nav)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["activities:problem-list", "bulletins:bulletin-list", "activities:overview"]
)
def test_a_page_marks_its_own_link_in_the_navigation_and_no_other(leader_client, name):
    page = leader_client.get(reverse(name)).content.decode()
    assert marked_links(page) == [reverse(name)]


@pytest.mark.django_db
def test_a_page_the_navigation_does_not_list_marks_no_link(leader_client):
    page = leader_client.get(reverse("activities:open-problems")).content.decode()
    assert marked_links(page) == []


@pytest.mark.django_db
def test_the_bulletins_stylesheet_is_in_the_head_of_its_page(leader_client):
    issue = Bulletin.objects.create(
        year=2024, number=1, total_number=1, date="2024-04-30", title="动态"
    )
    issue.publish()
    page = leader_client.get(issue.get_absolute_url()).content.decode()
    head, body = page.split("</head>")
    assert "css/bulletin.css" in head
    assert "<link" not in body


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_puts_a_stylesheet_inside_its_content(template):
    text = template.read_text()
    content = text.split("{% block content %}", 1)[1] if "{% block content %}" in text else ""
    assert not re.search(r"<link\b|<style\b", content)
