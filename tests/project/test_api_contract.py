"""The API's contract: whatever it is sent, it answers JSON in the shape its schema documents,
with a 4xx for bad input, and lets no control character reach the database."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from community.models import Profile
from conditions.models import Answer
from tests.factories import client_for

pytestmark = pytest.mark.django_db

NESTED_1000 = "[" * 1000 + "]" * 1000
NESTED_OBJECTS = '{"a":' * 50_000 + "1" + "}" * 50_000
SURROGATE = '{"about": "\\ud800"}'


def send(client, method: str, url: str, body: str, content_type: str = "application/json"):
    return client.generic(method, url, body, content_type=content_type)


def errors_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.json()


@pytest.fixture
def member(alice, alice_on_the_map):
    """alice, on the condition's map (as a patient)."""
    return alice


@pytest.fixture
def writable_urls(member, treatment) -> list[tuple[str, str]]:
    """Endpoints that read a body, across the API's modules."""
    return [
        ("PATCH", "/api/me/"),
        ("POST", "/api/me/memberships/"),
        ("POST", reverse("api:question-answers", args=[treatment.pk])),
        ("POST", "/api/connections/"),
        ("POST", "/api/blocks/"),
        ("POST", "/api/reports/"),
        ("POST", "/api/me/delete/"),
    ]


@pytest.fixture
def schema(client) -> dict:
    return yaml.safe_load(client.get("/api/schema/").content)


class TestDeeplyNestedJson:
    @pytest.mark.parametrize("body", [NESTED_1000, NESTED_OBJECTS], ids=["arrays", "objects"])
    def test_is_a_400_on_every_endpoint_that_reads_a_body(self, member, writable_urls, body):
        client = client_for(member)
        for method, url in writable_urls:
            response = send(client, method, url, body)
            assert response.status_code == 400, (method, url, response.status_code)
            assert "nested" in errors_of(response)["detail"], (method, url)

    def test_ordinary_json_still_works(self, member):
        response = send(client_for(member), "PATCH", "/api/me/", '{"about": "Diagnosed at 3."}')
        assert response.status_code == 200
        assert response.json()["about"] == "Diagnosed at 3."


class TestControlCharacters:
    @pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
    def test_profile_refuses_them_naming_the_field(self, member, character):
        response = client_for(member).patch(
            "/api/me/", {"about": f"before{character}after", "sex": ""}, content_type="application/json"
        )
        assert response.status_code == 400
        errors = errors_of(response)
        assert list(errors) == ["about"]
        assert "control character" in errors["about"][0]
        assert f"U+{ord(character):04X}" in errors["about"][0]
        assert Profile.objects.get(user=member).about == ""

    def test_a_lone_surrogate_is_refused_too(self, member):
        response = send(client_for(member), "PATCH", "/api/me/", SURROGATE)
        assert response.status_code == 400
        assert list(errors_of(response)) == ["about"]

    def test_answer_with_nul_is_refused_in_json(self, member, treatment):
        url = reverse("api:question-answers", args=[treatment.pk])
        response = client_for(member).post(url, {"text": "Rest\x00 helped"}, content_type="application/json")
        assert response.status_code == 400
        assert list(errors_of(response)) == ["text"]
        assert not Answer.objects.exists()

    def test_a_nul_in_form_data_is_dropped_as_on_every_form(self, member, treatment):
        url = reverse("api:question-answers", args=[treatment.pk])
        response = client_for(member).post(url, {"text": "Rest\x00 helped"})
        assert response.status_code == 201
        assert Answer.objects.get().text == "Rest helped"

    @pytest.mark.parametrize("member_id", [False, 0, 1, None, [], {}])
    def test_a_member_id_that_is_not_text_is_refused(self, member, member_id):
        response = client_for(member).post("/api/blocks/", {"member": member_id}, content_type="application/json")
        assert response.status_code == 400
        assert list(errors_of(response)) == ["member"]

    def test_nul_in_a_field_name_is_refused(self, member):
        response = send(client_for(member), "PATCH", "/api/me/", '{"ab\\u0000out": "x"}')
        assert response.status_code == 400
        assert Profile.objects.get(user=member).about == ""

    def test_nul_deep_in_a_value_names_its_top_level_field(self, member):
        response = send(client_for(member), "PATCH", "/api/me/", '{"about": ["fine", {"x": "a\\u0000"}]}')
        assert response.status_code == 400
        assert list(errors_of(response)) == ["about"]

    def test_line_breaks_and_tabs_are_text(self, member):
        about = "First line\r\nSecond\tline"
        response = client_for(member).patch("/api/me/", {"about": about}, content_type="application/json")
        assert response.status_code == 200
        assert Profile.objects.get(user=member).about == about


class TestJsonErrors:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/nothing/",
            "/api/conditions/x/map/places/not-a-number/members/",
            "/api/connections/not-a-uuid/messages/",
            "/api/me/export/nothing/",
        ],
    )
    def test_a_miss_under_api_is_a_json_404(self, client, url):
        response = client.get(url)
        assert response.status_code == 404
        assert errors_of(response) == {"detail": "Not found."}

    def test_a_miss_elsewhere_is_still_the_html_page(self, client, db):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")

    def test_a_body_that_is_not_json_or_a_form_is_a_json_415(self, member):
        response = send(client_for(member), "POST", "/api/connections/", "member=x", content_type="text/plain")
        assert response.status_code == 415
        assert "text/plain" in errors_of(response)["detail"]

    def test_a_wrong_method_is_a_json_405(self, client, db):
        response = client.delete("/api/places/")
        assert response.status_code == 405
        assert "DELETE" in errors_of(response)["detail"]

    def test_a_server_error_under_api_is_json_and_reveals_nothing(self, db, monkeypatch):
        def broken(query):
            raise RuntimeError("database on fire")

        monkeypatch.setattr("community.places.api.search_places", broken)
        response = Client(raise_request_exception=False).get("/api/places/", {"q": "val"})
        assert response.status_code == 500
        assert errors_of(response) == {"detail": "Server error. Please try again later."}
        assert b"on fire" not in response.content

    def test_a_server_error_elsewhere_is_still_the_html_page(self, db, monkeypatch):
        def broken(request):
            raise RuntimeError("database on fire")

        monkeypatch.setattr("diseasemaps.views.render", broken)
        response = Client(raise_request_exception=False).get("/")
        assert response.status_code == 500
        assert response["Content-Type"].startswith("text/html")


class TestEmptyErrors:
    def test_deleting_an_answer_you_never_wrote_is_a_json_404(self, member, treatment):
        url = reverse("api:my-answer", args=[treatment.pk])
        response = client_for(member).delete(url)
        assert response.status_code == 404
        assert errors_of(response) == {"detail": "You have not answered this question."}


class TestChoiceOnOpenQuestion:
    def test_a_choice_for_an_open_question_is_refused(self, member, treatment):
        url = reverse("api:question-answers", args=[treatment.pk])
        response = client_for(member).post(url, {"text": "Rest", "choice": "yes"}, content_type="application/json")
        assert response.status_code == 400
        assert list(errors_of(response)) == ["choice"]
        assert not Answer.objects.exists()

    def test_a_closed_question_still_takes_one(self, member, hereditary):
        url = reverse("api:question-answers", args=[hereditary.pk])
        response = client_for(member).post(url, {"text": "Rest", "choice": "yes"}, content_type="application/json")
        assert response.status_code == 201
        assert response.json()["choice"] == "yes"


class TestDocumentedErrors:
    def test_messages_are_documented_as_a_page(self, schema):
        operation = schema["paths"]["/api/connections/{connection_id}/messages/"]["get"]
        assert "page" in {parameter["name"] for parameter in operation["parameters"]}
        reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
        assert set(page["properties"]) == {"count", "next", "previous", "results"}
        assert page["properties"]["results"]["items"]["$ref"].endswith("/Message")

    def test_error_shape_is_a_component(self, schema):
        error = schema["components"]["schemas"]["Error"]
        assert error["properties"]["detail"]["type"] == "string"
        assert error["required"] == ["detail"]
        assert "ValidationError" in schema["components"]["schemas"]

    @pytest.mark.parametrize(
        ("path", "method", "codes", "absent"),
        [
            ("/api/places/", "get", {"429"}, {"403", "404", "400", "415"}),
            ("/api/me/", "get", {"403", "404", "429"}, {"400", "415"}),
            ("/api/me/", "patch", {"400", "403", "404", "415", "429"}, set()),
            ("/api/conditions/{slug}/questions/", "get", {"404"}, {"403", "400", "429"}),
            ("/api/questions/{question_id}/answers/", "get", {"404"}, {"403", "400"}),
            ("/api/questions/{question_id}/answers/", "post", {"400", "403", "404", "415", "429"}, set()),
            ("/api/answers/{answer_id}/helpful/", "post", {"403", "404", "429"}, {"415"}),
            ("/api/answers/{answer_id}/reports/", "post", {"400", "403", "404", "415", "429"}, set()),
            ("/api/connections/", "post", {"400", "403", "404", "415", "429"}, set()),
            ("/api/reports/", "post", {"400", "403", "404", "415", "429"}, set()),
            ("/api/blocks/{member_id}/", "delete", {"403", "404"}, {"415"}),
        ],
    )
    def test_operations_document_their_error_responses(self, schema, path, method, codes, absent):
        responses = schema["paths"][path][method]["responses"]
        assert codes <= set(responses), sorted(responses)
        assert not absent & set(responses), sorted(responses)
        for code in codes:
            assert responses[code]["description"], code
            content = responses[code]["content"]["application/json"]["schema"]["$ref"]
            assert content.endswith("/ValidationError" if code == "400" else "/Error")

    def test_request_bodies_say_unknown_fields_are_refused(self, schema):
        components = schema["components"]["schemas"]
        for name in ("PatchedMeRequest", "AnswerWriteRequest", "RequestWriteRequest", "ModerationReportWriteRequest"):
            assert components[name]["additionalProperties"] is False, name

    def test_joining_a_map_one_is_on_is_documented_as_200(self, schema):
        responses = schema["paths"]["/api/me/memberships/"]["post"]["responses"]
        assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Membership")
        assert responses["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/Membership")

    def test_the_geojson_map_is_documented_as_geojson(self, schema):
        operation = schema["paths"]["/api/conditions/{slug}/map/"]["get"]
        assert set(operation["responses"]["200"]["content"]) == {"application/geo+json"}

    def test_schema_validates_without_warnings(self):
        out = io.StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
        assert "openapi" in out.getvalue()
