"""The REST API: its documentation, and a member's own profile and memberships (nobody else's)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.test import Client
from rest_framework.test import APIClient

from community.models import Membership, Profile, Role, Visibility
from tests.factories import ConditionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ME_URL = "/api/me/"
MEMBERSHIPS_URL = "/api/me/memberships/"
FORBIDDEN_KEYS = {"email", "is_staff", "is_superuser", "last_login", "latitude", "longitude", "username", "password"}
XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def membership_url(slug: str) -> str:
    return f"/api/me/memberships/{slug}/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def all_keys(data) -> set[str]:
    """Every key of every object in a JSON document, however deep."""
    if isinstance(data, dict):
        return set(data).union(*(all_keys(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(all_keys(item) for item in data))
    return set()


def snapshot(user) -> dict:
    profile = Profile.objects.select_related("user").get(user=user)
    return {
        "display_name": profile.display_name,
        "about": profile.about,
        "place_id": profile.place_id,
        "visibility": profile.visibility,
        "birth_year": profile.birth_year,
        "email": profile.user.email,
        "username": profile.user.username,
        "is_staff": profile.user.is_staff,
    }


@pytest.fixture
def alice_api(alice) -> APIClient:
    return api_for(alice)


# 1. Root, schema, docs ------------------------------------------------------------------------


class TestDiscovery:
    def test_root_lists_the_endpoints(self, client, db):
        response = client.get("/api/")
        assert response.status_code == 200
        links = response.json()
        assert set(links) == {
            "conditions",
            "places",
            "me",
            "my_memberships",
            "connections",
            "blocks",
            "reports",
            "my_data",
            "schema",
            "docs",
        }
        assert links["conditions"].endswith("/api/conditions/")
        assert links["places"].endswith("/api/places/")
        assert links["me"].endswith("/api/me/")
        assert links["my_memberships"].endswith("/api/me/memberships/")
        assert links["schema"].endswith("/api/schema/")
        assert links["docs"].endswith("/api/docs/")

    def test_schema_is_an_openapi_3_document_with_the_endpoints(self, client, db):
        response = client.get("/api/schema/")
        assert response.status_code == 200
        document = yaml.safe_load(response.content)
        assert str(document["openapi"]).startswith("3.")
        assert "/api/places/" in document["paths"]
        assert "/api/me/" in document["paths"]
        assert "/api/me/memberships/" in document["paths"]
        assert "/api/me/memberships/{slug}/" in document["paths"]

    def test_schema_describes_no_email_or_coordinates(self, client, db):
        document = yaml.safe_load(client.get("/api/schema/").content)
        schemas = document["components"]["schemas"]
        responses = {name: schema for name, schema in schemas.items() if not name.endswith("Request")}
        properties = {name for component in responses.values() for name in component.get("properties", {})}
        assert properties, "the schema has no components"
        assert not properties & FORBIDDEN_KEYS
        # Requests take one's own password only to delete one's account.
        requests = {name for name, schema in schemas.items() if "password" in schema.get("properties", {})}
        assert requests == {"DeleteWriteRequest"}

    def test_docs_load_swagger_ui_from_local_static_files(self, client, db):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(r'<link[^>]*\bhref="([^"]+)"', html)
        assert any("swagger-ui-bundle" in source for source in sources)
        assert any("swagger-ui.css" in source for source in sources)
        for source in sources:
            assert not re.match(r"^([a-z]+:)?//", source, re.I), f"{source} is not served by this site"
            assert source.startswith(("/static/", "/api/docs/?")) or not source.startswith("/"), source
        for source in sources:
            if source.startswith("/static/"):  # a file this project ships (drf-spectacular-sidecar)
                assert finders.find(source.removeprefix("/static/").split("?")[0]), source

    def test_docs_script_is_served_as_javascript(self, client, db):
        html = client.get("/api/docs/").content.decode()
        assert '<script src="/api/docs/?script=">' in html or '<script src="/api/docs/?script"' in html
        response = client.get("/api/docs/?script")
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] in {"application/javascript", "text/javascript"}
        assert "SwaggerUIBundle" in response.content.decode()
        assert "/api/schema/" in response.content.decode()

    def test_docs_page_has_a_csp_without_unsafe_inline_scripts(self, client, db):
        response = client.get("/api/docs/")
        policy = response["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        script_src = directives.get("script-src", directives.get("default-src"))
        assert script_src is not None
        assert "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode()), "an inline script"

    def test_places_search_returns_labels_without_coordinates(self, client, places):
        response = client.get("/api/places/", {"q": "valen"})
        assert response.status_code == 200
        results = response.json()
        assert [place["id"] for place in results] == [places["valencia"].pk, places["valencia_ve"].pk]
        assert results[0]["label"] == places["valencia"].label
        assert not all_keys(results) & FORBIDDEN_KEYS


# 2. GET /api/me/ ------------------------------------------------------------------------------


class TestMe:
    def test_anonymous_is_refused(self, client, db):
        assert client.get(ME_URL).status_code == 403
        assert APIClient().patch(ME_URL, {"about": "x"}, format="json").status_code == 403

    def test_a_user_without_profile_gets_404(self, charlie):
        assert api_for(charlie).get(ME_URL).status_code == 404

    def test_a_member_sees_their_own_profile_and_maps(self, alice_api, alice, valencia, condition):
        MembershipFactory(member=alice.profile, condition=condition, role=Role.FAMILY)
        response = alice_api.get(ME_URL)
        assert response.status_code == 200
        data = response.json()
        assert data["display_name"] == "Alice in Valencia"
        assert data["role"] == Role.PATIENT
        assert data["place"] == valencia.pk
        assert data["place_detail"]["label"] == valencia.label
        assert data["place_detail"]["id"] == valencia.pk
        assert data["visibility"] == Visibility.LISTED
        assert data["public_id"] == str(alice.profile.public_id)
        assert data["memberships"] == [
            {
                "condition": condition.slug,
                "condition_name": "Neonatal hemochromatosis",
                "role": Role.FAMILY,
                "joined_at": data["memberships"][0]["joined_at"],
            }
        ]

    def test_no_email_staff_flag_login_time_coordinates_or_username_anywhere(self, alice, condition):
        alice.is_staff = True
        alice.save()
        MembershipFactory(member=alice.profile, condition=condition)
        response = api_for(alice).get(ME_URL)
        assert not all_keys(response.json()) & FORBIDDEN_KEYS
        body = response.content.decode()
        assert alice.email not in body
        assert str(alice.profile.place.latitude) not in body


# 3. PATCH /api/me/ ----------------------------------------------------------------------------


class TestPatchMe:
    def test_display_name_and_about_are_updated(self, alice_api, alice, places):
        changes = {"display_name": "Alicia M.", "about": "Diagnosed in 2010.", "place": places["munich"].pk}
        response = alice_api.patch(ME_URL, changes, format="json")
        assert response.status_code == 200
        assert response.json()["place_detail"]["label"] == places["munich"].label
        after = snapshot(alice)
        assert (after["display_name"], after["about"], after["place_id"]) == (
            "Alicia M.",
            "Diagnosed in 2010.",
            places["munich"].pk,
        )

    @pytest.mark.parametrize(
        "changes",
        [
            {"email": "evil@example.org"},
            {"is_staff": True},
            {"is_superuser": True},
            {"username": "root"},
            {"latitude": 40.1, "longitude": -3.2},
            {"password": "hunter2hunter2"},
            {"user": 1},
        ],
    )
    def test_fields_that_are_not_offered_are_refused_by_name(self, alice_api, alice, changes):
        before = snapshot(alice)
        response = alice_api.patch(ME_URL, {"about": "sneaky", **changes}, format="json")
        assert response.status_code == 400
        assert set(changes) <= set(response.json())
        assert snapshot(alice) == before

    def test_coordinates_are_refused_with_a_message_about_places(self, alice_api, alice):
        response = alice_api.patch(ME_URL, {"latitude": 40.1, "longitude": -3.2}, format="json")
        assert "coordinates are not accepted" in response.json()["latitude"][0]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"place": 999999999}, "place"),
            ({"place": "39.4,-0.3"}, "place"),
            ({"place": None}, "place"),
            ({"display_name": "BOB B."}, "display_name"),
            ({"display_name": "bob b."}, "display_name"),
            ({"display_name": "alice@example.org"}, "display_name"),
            ({"display_name": "Alice"}, "display_name"),
            ({"about": "x" * 1001}, "about"),
            ({"visibility": "everyone"}, "visibility"),
            ({"role": "overlord"}, "role"),
            ({"birth_year": 1850}, "birth_year"),
            ({"age_at_diagnosis": 500}, "age_at_diagnosis"),
        ],
    )
    def test_invalid_values_are_refused_and_nothing_changes(self, alice_api, alice, bob, places, changes, field):
        before = snapshot(alice)
        response = alice_api.patch(ME_URL, {"about": "changed", **changes}, format="json")
        assert response.status_code == 400
        assert field in response.json()
        assert snapshot(alice) == before

    def test_a_birth_year_in_the_future_is_refused_as_on_the_profile_page(self, alice_api, alice):
        before = snapshot(alice)
        response = alice_api.patch(ME_URL, {"birth_year": date.today().year + 1}, format="json")
        assert response.status_code == 400
        assert "birth_year" in response.json()
        assert snapshot(alice) == before

    def test_a_one_letter_display_name_is_refused_as_on_the_profile_page(self, alice_api, alice):
        response = alice_api.patch(ME_URL, {"display_name": "A"}, format="json")
        assert response.status_code == 400
        assert snapshot(alice)["display_name"] == "Alice in Valencia"

    def test_script_in_about_round_trips_as_text_and_is_escaped_in_html(
        self, alice_api, alice, condition, alice_on_the_map
    ):
        response = alice_api.patch(ME_URL, {"about": XSS, "display_name": XSS}, format="json")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["about"] == XSS
        assert alice_api.get(ME_URL).json()["about"] == XSS
        browser = Client()
        browser.force_login(alice)
        for url in ("/community/profile/", condition.get_absolute_url()):
            html = browser.get(url).content.decode()
            assert XSS not in html, url
            assert ESCAPED_XSS in html, url

    def test_switching_to_hidden_through_the_api_takes_the_member_off_the_count(
        self, client, alice_api, alice, condition, alice_on_the_map
    ):
        assert 'data-people="1"' in client.get(condition.get_absolute_url()).content.decode()
        assert alice_api.patch(ME_URL, {"visibility": Visibility.HIDDEN}, format="json").status_code == 200
        assert 'data-people="0"' in client.get(condition.get_absolute_url()).content.decode()

    def test_delete_is_not_offered(self, alice_api, alice):
        assert alice_api.delete(ME_URL).status_code == 405
        assert Profile.objects.filter(user=alice).exists()


# 4. /api/me/memberships/ ----------------------------------------------------------------------


class TestMemberships:
    def test_list_shows_only_my_memberships(self, alice_api, alice, bob, condition):
        other = ConditionFactory(name="Alport syndrome")
        MembershipFactory(member=alice.profile, condition=condition)
        MembershipFactory(member=bob.profile, condition=other)
        response = alice_api.get(MEMBERSHIPS_URL)
        assert response.status_code == 200
        assert [item["condition"] for item in response.json()] == [condition.slug]
        assert not all_keys(response.json()) & FORBIDDEN_KEYS

    def test_anonymous_is_refused(self, client, condition):
        assert client.get(MEMBERSHIPS_URL).status_code == 403
        response = APIClient().post(MEMBERSHIPS_URL, {"condition": condition.slug, "role": "family"}, format="json")
        assert response.status_code == 403
        assert not Membership.objects.exists()

    def test_joining_creates_once(self, alice_api, alice, condition):
        data = {"condition": condition.slug, "role": "family"}
        first = alice_api.post(MEMBERSHIPS_URL, data, format="json")
        assert first.status_code == 201
        assert first.json()["condition"] == condition.slug
        assert first.json()["role"] == "family"
        assert Membership.objects.get(member__user=alice, condition=condition).role == Role.FAMILY
        second = alice_api.post(MEMBERSHIPS_URL, {**data, "role": "caregiver"}, format="json")
        assert second.status_code == 200
        assert Membership.objects.filter(member__user=alice, condition=condition).count() == 1

    @pytest.mark.parametrize("slug", ["unreleased-syndrome", "no-such-condition"])
    def test_joining_an_unpublished_or_unknown_condition_is_refused(self, alice_api, draft_condition, slug):
        response = alice_api.post(MEMBERSHIPS_URL, {"condition": slug, "role": "family"}, format="json")
        assert response.status_code == 400
        assert "condition" in response.json()
        assert not Membership.objects.exists()

    def test_joining_with_extra_fields_is_refused(self, alice_api, bob, condition):
        data = {"condition": condition.slug, "role": "family", "member": bob.profile.pk}
        response = alice_api.post(MEMBERSHIPS_URL, data, format="json")
        assert response.status_code == 400
        assert "member" in response.json()
        assert not Membership.objects.exists()

    def test_a_user_without_profile_cannot_join(self, charlie, condition):
        response = api_for(charlie).post(MEMBERSHIPS_URL, {"condition": condition.slug, "role": "family"})
        assert response.status_code == 404
        assert not Membership.objects.exists()

    def test_changing_my_role(self, alice_api, alice, condition):
        MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
        assert alice_api.get(membership_url(condition.slug)).json() == {"role": "patient"}
        response = alice_api.patch(membership_url(condition.slug), {"role": "caregiver"}, format="json")
        assert response.status_code == 200
        assert Membership.objects.get().role == Role.CAREGIVER

    @pytest.mark.parametrize("changes", [{"member": 2}, {"condition": "other"}, {"joined_at": "2000-01-01T00:00:00Z"}])
    def test_changing_anything_but_the_role_is_refused(self, alice_api, alice, bob, condition, changes):
        membership = MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
        response = alice_api.patch(membership_url(condition.slug), {"role": "caregiver", **changes}, format="json")
        assert response.status_code == 400
        assert set(changes) <= set(response.json())
        membership.refresh_from_db()
        assert (membership.role, membership.member.user) == (Role.PATIENT, alice)

    def test_an_unknown_role_is_refused(self, alice_api, alice, condition):
        MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
        response = alice_api.patch(membership_url(condition.slug), {"role": "overlord"}, format="json")
        assert response.status_code == 400
        assert Membership.objects.get().role == Role.PATIENT

    def test_leaving(self, alice_api, alice, condition, alice_on_the_map):
        assert alice_api.delete(membership_url(condition.slug)).status_code == 204
        assert not Membership.objects.exists()
        assert alice_api.delete(membership_url(condition.slug)).status_code == 404

    @pytest.mark.parametrize("method", ["get", "patch", "delete"])
    def test_bob_cannot_reach_alices_membership(self, alice, bob, condition, method):
        MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
        response = getattr(api_for(bob), method)(membership_url(condition.slug), {"role": "caregiver"}, format="json")
        assert response.status_code == 404
        assert Membership.objects.get().role == Role.PATIENT
        assert Membership.objects.get().member.user == alice

    def test_bobs_own_membership_of_the_same_condition_is_his_alone(self, alice, bob, condition):
        MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
        MembershipFactory(member=bob.profile, condition=condition, role=Role.FAMILY)
        bob_api = api_for(bob)
        assert bob_api.get(MEMBERSHIPS_URL).json()[0]["role"] == "family"
        assert len(bob_api.get(MEMBERSHIPS_URL).json()) == 1
        assert bob_api.patch(membership_url(condition.slug), {"role": "researcher"}, format="json").status_code == 200
        assert bob_api.delete(membership_url(condition.slug)).status_code == 204
        assert Membership.objects.get().member.user == alice
        assert Membership.objects.get().role == Role.PATIENT

    @pytest.mark.parametrize("slug", ["no-such-condition", "unreleased-syndrome"])
    def test_forged_slugs_are_404(self, alice_api, draft_condition, slug):
        assert alice_api.get(membership_url(slug)).status_code == 404
        assert alice_api.patch(membership_url(slug), {"role": "family"}, format="json").status_code == 404
        assert alice_api.delete(membership_url(slug)).status_code == 404


# 5. CSRF --------------------------------------------------------------------------------------


class TestCsrf:
    def test_a_session_write_without_csrf_token_is_refused(self, alice):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alice)
        response = browser.patch(ME_URL, json.dumps({"about": "forged"}), content_type="application/json")
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]
        assert Profile.objects.get(user=alice).about == ""

    def test_a_session_join_without_csrf_token_is_refused(self, alice, condition):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alice)
        data = json.dumps({"condition": condition.slug, "role": "family"})
        assert browser.post(MEMBERSHIPS_URL, data, content_type="application/json").status_code == 403
        assert not Membership.objects.exists()

    def test_the_same_write_with_the_csrf_token_is_accepted(self, alice):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alice)
        browser.get("/community/profile/")
        token = browser.cookies["csrftoken"].value
        response = browser.patch(
            ME_URL, json.dumps({"about": "genuine"}), content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200
        assert Profile.objects.get(user=alice).about == "genuine"
