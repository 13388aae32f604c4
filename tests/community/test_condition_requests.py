"""A member who finds nothing asks for a map of their condition: close conditions are suggested
first, a known code or name points to its condition, the same name asked by several members is one
request, and asking is limited per member. (Curators' decisions: test_condition_requests_curation.py.)"""

from __future__ import annotations

from unittest.mock import patch

import factory
import pytest
from django.template.loader import render_to_string

from community.condition_requests.forms import ConditionRequestForm
from community.models import ConditionRequest, RequestStatus
from community.models.condition_requests import ConditionRequestQuerySet
from tests.commits import commit_after_each_request, queued  # noqa: F401 (fixtures)
from tests.community.condition_request_helpers import ADMIN_LIST_URL, ASK_URL, PROFILE_URL, ask
from tests.concurrency import run_at_once
from tests.factories import ConditionFactory, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_after_each_request")]


def people_asking(name_folded: str) -> int:
    return ConditionRequest.objects.get(folded_name=name_folded).askers.count()


class TestTheForm:
    def test_a_signed_out_visitor_is_sent_to_log_in_and_back(self, client):
        response = client.get(ASK_URL, {"name": "Kabuki syndrome"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/community/conditions/request/")
        assert client.post(ASK_URL, {"name": "Kabuki syndrome"}).status_code == 302
        assert not ConditionRequest.objects.exists()

    def test_the_form_is_prefilled_with_what_the_member_searched_for(self, alice):
        html = client_for(alice).get(ASK_URL, {"name": "Kabuki syndrome"}).content.decode()
        assert 'value="Kabuki syndrome"' in html
        for field in ("name", "code", "note"):
            assert f'<label for="id_{field}"' in html

    def test_the_form_and_its_suggestions_cost_a_few_queries(self, alice, condition, django_assert_max_num_queries):
        ConditionFactory.create_batch(8, name=factory.Sequence(lambda n: f"Hemochromatosis type {n}"))
        client = client_for(alice)
        with django_assert_max_num_queries(1):  # the signed-in user
            assert client.get(ASK_URL, {"name": "hemochromatosis"}).status_code == 200
        # The user, the condition with the code, the condition with the name, whether any name contains
        # it (else the search looks for close names), the five suggestions.
        with django_assert_max_num_queries(5):
            response = ask(client, "hemochromatosis", "ORPHA:1")
        assert response.content.decode().count('<li><a href="/conditions/') == 5

    def test_the_include_links_to_the_form_with_the_search(self):
        html = render_to_string("community/_ask_for_condition.html", {"query": 'Wilson & "co"'})
        assert "Can’t find your condition? Ask for its map" in html
        assert 'href="/community/conditions/request/?name=Wilson%20%26%20%22co%22"' in html


class TestAsking:
    def test_a_name_nothing_resembles_is_asked_at_once_and_shown_on_the_profile(self, alice):
        client = client_for(alice)
        response = ask(client, "Kabuki syndrome", "ORPHA:2322", "My son was diagnosed last year.")
        assert response.status_code == 302
        assert response["Location"] == PROFILE_URL + "#condition-requests"
        request = ConditionRequest.objects.get()
        assert (request.name, request.code, request.status) == ("Kabuki syndrome", "ORPHA:2322", RequestStatus.OPEN)
        assert request.askers.get().note == "My son was diagnosed last year."
        html = client.get(PROFILE_URL).content.decode()
        assert "Your request for Kabuki syndrome: waiting for a curator" in html

    def test_close_conditions_are_suggested_and_the_member_confirms_none_is_theirs(self, alice, condition):
        client = client_for(alice)
        response = ask(client, "hemochromatosis")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<a href="{condition.get_absolute_url()}">Neonatal hemochromatosis</a>' in html
        assert "None of these is my condition" in html
        assert not ConditionRequest.objects.exists()
        response = ask(client, "hemochromatosis", note="Adult onset", suggestions_for="hemochromatosis")
        assert "Tick the box if none of these conditions is yours" in response.content.decode()
        assert not ConditionRequest.objects.exists()
        assert ask(client, "hemochromatosis", confirm=True).status_code == 302
        assert ConditionRequest.objects.get().name == "hemochromatosis"

    def test_a_confirmation_holds_only_for_the_name_it_was_given_for(self, alice, condition):
        client = client_for(alice)
        response = ask(client, "hemochromatosis", none_of_these="on", suggestions_for="anemia")
        assert response.status_code == 200
        assert "Neonatal hemochromatosis</a>" in response.content.decode()
        assert not ConditionRequest.objects.exists()

    @pytest.mark.parametrize("code", ["ORPHA:79452", "orpha 79452", "Orpha:079452"])
    def test_an_orpha_code_of_a_condition_points_to_it(self, alice, condition, code):
        response = ask(client_for(alice), "Some other name", code)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<a href="{condition.get_absolute_url()}">Neonatal hemochromatosis</a>' in html
        assert "is already on Diseasemaps" in html
        assert not ConditionRequest.objects.exists()

    def test_an_omim_code_of_a_condition_points_to_it(self, alice):
        wilson = ConditionFactory(name="Wilson disease", omim_code="277900")
        html = ask(client_for(alice), "Hepatolenticular degeneration", "OMIM:277900").content.decode()
        assert f'<a href="{wilson.get_absolute_url()}">Wilson disease</a>' in html
        assert not ConditionRequest.objects.exists()

    def test_a_code_of_an_unpublished_condition_does_not_reveal_it(self, alice, draft_condition):
        draft_condition.orpha_code = "558"
        draft_condition.save()
        response = ask(client_for(alice), "Marfan syndrome", "ORPHA:558")
        assert response.status_code == 302
        assert ConditionRequest.objects.get().code == "ORPHA:558"

    def test_the_name_or_a_synonym_of_a_condition_points_to_it(self, alice, condition):
        html = ask(client_for(alice), "  gald ", confirm=True).content.decode()
        assert f'<a href="{condition.get_absolute_url()}">Neonatal hemochromatosis</a>' in html
        assert not ConditionRequest.objects.exists()

    @pytest.mark.parametrize(
        "code", ["ORPHA:abc", "ICD10:E83.0", "OMIM:12", "OMIM:1234567", "ORPHA:", "905", "ORPHA:12345678"]
    )
    def test_a_code_that_is_neither_orpha_nor_omim_is_refused(self, alice, code):
        response = ask(client_for(alice), "Kabuki syndrome", code)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_code_error"' in html
        assert "Write an ORPHA code (ORPHA:905) or an OMIM number (OMIM:277900)." in html
        assert not ConditionRequest.objects.exists()

    def test_a_member_without_a_profile_may_ask_too(self, charlie):
        assert ask(client_for(charlie), "Kabuki syndrome").status_code == 302
        assert ConditionRequest.objects.get().askers.get().user == charlie


class TestOneRequestPerName:
    def test_two_members_asking_for_the_same_name_make_one_request_of_two_people(self, alice, bob):
        ask(client_for(alice), "Kabuki syndrome")
        ask(client_for(bob), "  KABÚKI   syndrome ", "ORPHA:2322")
        request = ConditionRequest.objects.get()
        assert request.name == "Kabuki syndrome"
        assert request.code == "ORPHA:2322"  # the first code given
        assert request.askers.count() == 2

    def test_a_member_asking_twice_counts_once(self, alice):
        client = client_for(alice)
        ask(client, "Kabuki syndrome", note="First")
        response = ask(client, "kabuki syndrome", note="Second")
        assert response.status_code == 302
        request = ConditionRequest.objects.get()
        assert request.askers.count() == 1
        assert request.askers.get().note == "First"
        html = client.get(PROFILE_URL).content.decode()
        assert "You have already asked for this condition" in html
        assert html.count("Your request for Kabuki syndrome: waiting for a curator") == 1

    def test_a_request_made_by_someone_else_meanwhile_is_joined_not_duplicated(self, alice, bob):
        """Two transactions race: bob's request is committed after alice's lookup found nothing, so
        alice's insert hits the unique constraint, and she joins bob's request instead."""
        original = ConditionRequestQuerySet.open_named

        def bob_asks_meanwhile(queryset, folded_name):
            found = original(queryset, folded_name)
            if found is None and not ConditionRequest.objects.exists():
                ConditionRequest.objects.create(name="Kabuki Syndrome", folded_name=folded_name)
            return found

        with patch.object(ConditionRequestQuerySet, "open_named", bob_asks_meanwhile):
            assert ask(client_for(alice), "Kabuki syndrome").status_code == 302
        request = ConditionRequest.objects.get()
        assert request.name == "Kabuki Syndrome"
        assert list(request.askers.values_list("user", flat=True)) == [alice.pk]

    def test_the_same_member_asking_again_is_stopped_by_the_askers_constraint(self, alice):
        """The asker's row is inserted without a look first: its unique constraint is the guard."""
        request = ConditionRequest.objects.ask(alice, "Kabuki syndrome").request
        asked = ConditionRequest.objects.ask(alice, "kabuki syndrome")
        assert (asked.request, asked.counted) == (request, False)
        assert request.askers.count() == 1

    def test_a_declined_name_may_be_asked_for_again(self, alice, bob, curator):
        ConditionRequest.objects.ask(alice, "Kabuki syndrome").request.decline(curator, "Not a condition.")
        ask(client_for(bob), "Kabuki syndrome")
        assert ConditionRequest.objects.filter(status=RequestStatus.OPEN).get().askers.get().user == bob
        assert ConditionRequest.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_from_two_members_make_one_request(settings, alice, bob):
    # SQLite's test database refuses a second writer at once: run_at_once sends the request again,
    # and each attempt counts against the daily limit.
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "condition_request": (1000, 24 * 3600)}
    results = run_at_once(
        [lambda: ask(client_for(alice), "Kabuki syndrome"), lambda: ask(client_for(bob), "kabuki  syndrome")] * 3
    )
    assert results == [302] * 6, results
    request = ConditionRequest.objects.get()
    assert sorted(request.askers.values_list("user", flat=True)) == sorted([alice.pk, bob.pk])


class TestLimitsAndBadInput:
    def test_a_member_can_ask_a_few_times_a_day(self, settings, alice):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "condition_request": (2, 24 * 3600)}
        client = client_for(alice)
        assert ask(client, "Kabuki syndrome").status_code == 302
        assert ask(client, "Alagille syndrome").status_code == 302
        response = ask(client, "Rett syndrome")
        assert response.status_code == 429
        assert "You have asked for many conditions today. Please try again tomorrow." in response.content.decode()
        assert ConditionRequest.objects.count() == 2

    def test_script_in_the_name_and_note_is_shown_escaped(self, alice, curator):
        client = client_for(alice)
        name, note = "<script>alert('x')</script> syndrome", "<img src=x onerror=alert(1)>"
        html = ask(client, name, "not a code", note).content.decode()
        assert "<script>alert(" not in html and "<img src=x" not in html
        assert 'value="&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; syndrome"' in html
        assert "&lt;img src=x onerror=alert(1)&gt;</textarea>" in html
        ask(client, name, note=note)
        assert ConditionRequest.objects.get().name == name
        html = client.get(PROFILE_URL).content.decode()
        assert "<script>alert(" not in html
        assert "Your request for &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; syndrome: waiting" in html
        html = client_for(curator).get(ADMIN_LIST_URL).content.decode()
        assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "Kabuki\u202esyndrome", "Remove the control characters"),  # right-to-left override
            ("name", "Kabuki\nsyndrome", "Remove the control characters"),
            ("name", "Kabuki\tsyndrome", "Remove the control characters"),
            ("note", "Diagnosed\u2028in 2020", "Remove the control characters"),
            ("code", "ORPHA:\u200b905", "Remove the control characters"),  # zero-width space
            ("name", "K" * 201, "Ensure this value has at most 200 characters (it has 201)."),
            ("note", "n" * 1001, "Ensure this value has at most 1000 characters (it has 1001)."),
            ("name", "   ", "Write the name of the condition."),
            ("name", "\u0301\u0301", "Write the name of the condition."),  # accents on nothing
        ],
    )
    def test_invisible_characters_and_overlong_input_are_refused(self, alice, field, value, message):
        data = {"name": "Kabuki syndrome", "code": "", "note": "", field: value}
        response = ask(client_for(alice), **data)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html
        assert message in html
        assert not ConditionRequest.objects.exists()

    def test_nul_and_other_control_characters_never_reach_a_request(self, alice):
        """The site drops C0 and C1 controls from every form (DropControlCharactersMiddleware); the
        form refuses them too, with a clear error, wherever it is used."""
        for field in ("name", "code", "note"):
            form = ConditionRequestForm({"name": "Kabuki syndrome", "code": "", "note": "", field: "A\x00B\x07"})
            assert form.errors[field] == ["Remove the control characters (invisible characters) from this text."]
        ask(client_for(alice), "Kabuki\x00 syndrome\x07", note="Born\x00 in 2019")
        request = ConditionRequest.objects.get()
        assert (request.name, request.askers.get().note) == ("Kabuki syndrome", "Born in 2019")

    def test_a_note_may_have_several_lines(self, alice):
        ask(client_for(alice), "Kabuki syndrome", note="First line\r\nSecond line\tindented")
        assert ConditionRequest.objects.get().askers.get().note == "First line\nSecond line\tindented"


def test_my_data_holds_my_requests_and_nobody_elses(alice, bob):
    ask(client_for(alice), "Kabuki syndrome", "ORPHA:2322", "Since 2019")
    ask(client_for(bob), "Kabuki syndrome", note="Bob's note")
    ask(client_for(bob), "Alagille syndrome")
    data = client_for(alice).get("/community/my-data/").json()
    assert data["condition_requests"] == [
        {
            "name": "Kabuki syndrome",
            "code": "ORPHA:2322",
            "note": "Since 2019",
            "asked_at": data["condition_requests"][0]["asked_at"],
            "status": "open",
            "decline_reason": "",
            "condition": None,
        }
    ]
