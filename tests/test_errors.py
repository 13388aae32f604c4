"""Errors get a styled page that reveals nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from diseasemaps.urls import urlpatterns as site_urls


def broken_view(request):
    raise RuntimeError("database on fire")


urlpatterns = [*site_urls, path("broken/", broken_view)]


@pytest.mark.urls("tests.test_errors")
def test_server_error_shows_the_styled_500_page_without_details(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "css/site.css" in html
    assert "database on fire" not in html and "Traceback" not in html
