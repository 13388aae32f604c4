"""What any HTTP client may send or ask: control characters in any text input never give a server
error, HEAD and OPTIONS work wherever GET does, and nothing said to a signed-in member is cached."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.models.connections import Message
from tests.factories import client_for

pytestmark = pytest.mark.django_db

CONTROL = "\x00\x01\x07\x1b\x7f\x85"


class TestControlCharacters:
    @pytest.mark.parametrize(
        "url",
        [
            "/conditions/?q=%00",
            "/conditions/?q=neo%00natal",
            "/?q=%00",
            "/api/places/?q=a%00b",
            "/api/places/?q=%00",
            "/api/conditions/?q=%00",
            "/conditions/neonatal-hemochromatosis/map/?order=%00",
            "/conditions/neonatal-hemochromatosis/questions/hereditary/?page=%00",
        ],
    )
    def test_a_nul_byte_in_a_query_string_is_no_server_error(self, client, condition, valencia, url):
        assert client.get(url).status_code in {200, 400, 404}

    def test_control_characters_are_dropped_from_searches(self, client, condition, valencia):
        response = client.get("/conditions/", {"q": f"neo{CONTROL}natal"})
        assert response.status_code == 200
        assert "Neonatal hemochromatosis" in response.content.decode()
        places = client.get("/api/places/", {"q": f"val{CONTROL}encia"})
        assert places.status_code == 200
        assert [place["name"] for place in places.json()] == ["Valencia"]

    def test_a_signed_in_search_with_a_nul_byte_works(self, alice, condition):
        response = client_for(alice).get("/conditions/", {"q": "hemo\x00chromatosis"})
        assert response.status_code == 200
        assert "Neonatal hemochromatosis" in response.content.decode()

    def test_control_characters_in_a_form_are_dropped_and_nothing_is_lost(self, condition, alice, bob, connected):
        connection = connected
        response = client_for(alice).post(connection.get_absolute_url(), {"body": f"Hello{CONTROL} there"})
        assert response.status_code == 302
        assert Message.objects.get().body == "Hello there"

    def test_a_nul_byte_in_a_json_body_is_a_clear_400(self, condition, alice, bob, connected):
        connection = connected
        response = client_for(alice).post(
            reverse("api:messages", args=[connection.public_id]), {"text": "a\x00b"}, content_type="application/json"
        )
        assert response.status_code == 400
        assert "text" in response.json()
        assert not Message.objects.exists()


class TestSafeMethods:
    @pytest.mark.parametrize(
        "url", ["/", "/healthz", "/conditions/", "/robots.txt", "/conditions/neonatal-hemochromatosis/"]
    )
    def test_head_and_options_answer_wherever_get_does(self, client, condition, url):
        assert client.head(url).status_code == 200
        assert client.options(url).status_code in {200, 204}
        assert client.head(url).content == b""

    def test_head_and_options_work_on_signed_in_pages(self, alice):
        client = client_for(alice)
        for url in [reverse("community:inbox"), reverse("community:connections"), reverse("community:profile")]:
            assert client.head(url).status_code == 200, url
            assert client.options(url).status_code in {200, 204}, url

    def test_other_methods_are_still_refused(self, client, condition):
        assert client.delete("/conditions/").status_code == 405
        assert client.put("/healthz").status_code == 405


class TestNothingSignedInIsCached:
    @pytest.mark.parametrize(
        "url",
        [
            "/community/messages/",
            "/community/connections/",
            "/community/profile/",
            "/api/me/",
            "/api/connections/",
            "/",
            "/conditions/neonatal-hemochromatosis/",
            "/api/conditions/neonatal-hemochromatosis/map/places/",
        ],
    )
    def test_every_response_to_a_signed_in_member_is_private_and_not_stored(self, alice, condition, url):
        response = client_for(alice).get(url)
        assert response.status_code == 200
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert not directives & {"public"} and not any(
            d.startswith("max-age=") and d != "max-age=0" for d in directives
        )

    def test_a_thread_is_private_and_not_stored(self, condition, alice, bob, connected):
        connection = connected
        response = client_for(alice).get(connection.get_absolute_url())
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_visitors_pages_stay_cacheable(self, condition):
        response = Client().get(condition.get_absolute_url())
        assert "no-store" not in response.get("Cache-Control", "")
