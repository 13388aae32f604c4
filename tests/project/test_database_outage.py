"""With the database down (PostgreSQL stopped or restarting), every page answers a clear, calm 503
"we'll be back" page that needs no database, the API a JSON 503, and both say when to try again;
never the 500 page, never a traceback (bench/faults.py drills it on a real PostgreSQL)."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import path, reverse

from diseasemaps.urls import urlpatterns as site_urls

REFUSED = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
BACK_SOON = "We'll be back in a moment"


def broken_view(request):
    raise RuntimeError("database on fire")


urlpatterns = [*site_urls, path("broken/", broken_view)]
handler500 = "diseasemaps.errors.server_error"  # the site's, as in diseasemaps/urls.py


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def member():
    """A browser with a session cookie: its session lives in the database."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-have-read"
    return client


@pytest.fixture
def database_down(db):
    """From here on, every query fails as when PostgreSQL refuses connections (undone before the
    test's transaction is rolled back)."""

    def refuse(self):
        raise OperationalError(REFUSED)

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def assert_back_soon_page(response) -> str:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "text/html" in response["Content-Type"]
    assert BACK_SOON in html and "Please try again in a minute" in html
    assert 'class="site-header"' in html and "css/site.css" in html
    assert "Something went wrong" not in html
    assert "Connection refused" not in html and "5432" not in html and "Traceback" not in html
    assert "<script>" not in html and "style=" not in html  # the strict CSP holds on this page too
    return html


def test_a_visitor_gets_the_back_soon_page_on_every_kind_of_page(visitor, condition, treatment, database_down):
    for url in [
        "/",
        condition.get_absolute_url(),
        reverse("condition_map", args=[condition.slug]),
        treatment.get_absolute_url(),
    ]:
        assert_back_soon_page(visitor.get(url))
    assert visitor.get("/accounts/login/").status_code == 200  # a page that needs no database still works


def test_a_signed_in_member_gets_it_too_though_their_session_cannot_be_read(member, condition, database_down):
    """The session cannot be read: the page fails in the middleware, before any view."""
    assert_back_soon_page(member.get(condition.get_absolute_url()))


def test_a_form_sent_while_the_database_is_down_gets_it(visitor, condition, database_down):
    response = visitor.post("/accounts/login/", {"login": "alice@example.org", "password": "x"})
    assert_back_soon_page(response)


def test_the_request_log_still_writes_its_line(member, condition, database_down, caplog):
    """The log's line asks who the member is, from the session it cannot read: that must not turn
    the 503 into a 500."""
    with caplog.at_level(logging.INFO, logger="diseasemaps.requests"):
        assert_back_soon_page(member.get(condition.get_absolute_url()))
    assert any('"status": 503' in record.getMessage() for record in caplog.records)


def test_the_api_answers_a_json_503(visitor, condition, database_down):
    response = visitor.get(reverse("api:condition-map-places", args=[condition.slug]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "The site is down for a moment. Please try again in a minute."}


def test_liveness_stays_up_and_readiness_names_the_database(visitor, database_down):
    assert visitor.get("/healthz").status_code == 200
    response = visitor.get("/readyz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


@pytest.mark.urls(__name__)
def test_any_other_error_is_still_the_500_page(visitor, db):
    response = visitor.get("/broken/")
    assert response.status_code == 500
    assert BACK_SOON not in response.content.decode()


class Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg's DeadlockDetected carries: the database answered


def deadlocked_view(request):
    try:
        raise Deadlock("deadlock detected")
    except Deadlock as error:
        raise OperationalError("deadlock detected") from error


urlpatterns.append(path("deadlocked/", deadlocked_view))


@pytest.mark.urls(__name__)
def test_a_database_that_answers_with_an_error_is_a_500_not_the_back_soon_page(visitor, db, caplog):
    """A deadlock or a timeout is a defect to see in the log, not an outage to wait out."""
    response = visitor.get("/deadlocked/")
    assert response.status_code == 500
    assert BACK_SOON not in response.content.decode()
    assert any(record.levelname == "ERROR" and record.exc_info for record in caplog.records)
