"""Errors get a styled page that reveals nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from diseasemaps.urls import urlpatterns as site_urls


def broken_view(request):
    raise RuntimeError("database on fire")


urlpatterns = [*site_urls, path("broken/", broken_view)]


@pytest.mark.urls(__name__)
def test_server_error_shows_the_styled_500_page_without_details(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "css/site.css" in html
    assert "database on fire" not in html and "Traceback" not in html


def test_a_forbidden_page_has_the_site_layout(client, condition, alice, alice_on_the_map):
    """Reporting one's own answer is refused with a 403, in the site's layout with its message."""
    from conditions.models import Answer
    from conditions.roles import Role
    from tests.factories import client_for

    question = condition.questions.get(slug="hereditary")
    answer = Answer.objects.write(question, alice, name="Alice", listed=True, role=Role.PATIENT, text="Yes.")
    url = f"{question.get_absolute_url()}answers/{answer.pk}/report/"
    response = client_for(alice).get(url)
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html and "<main" in html and "<title>Not allowed" in html
    assert "You cannot report your own answer" in html


def test_a_form_without_its_csrf_token_gets_the_site_layout(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html and "This form has expired" in html
