"""Joining a condition's map, changing one's role on it and leaving it: who may, and what forged input gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.models import Membership, Profile, Role, Visibility
from tests.community.members.helpers import PROFILE_URL, join_url, leave_url, login_url, on_map, people_shown, role_url
from tests.concurrency import run_at_once
from tests.factories import client_for, make_member

pytestmark = pytest.mark.django_db

# Protected views ---------------------------------------------------------------------------


class TestProtectedViews:
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_profile_requires_login(self, client, method):
        response = getattr(client, method)(PROFILE_URL, {"display_name": "Sneaky"})
        assert response.status_code == 302
        assert response.url.startswith(login_url())
        assert not Profile.objects.exists()

    @pytest.mark.parametrize("url_of", [role_url, leave_url])
    def test_change_role_and_leave_require_login(self, client, alice, condition, url_of):
        on_map(alice, condition, role=Role.PATIENT)
        response = client.post(url_of(condition.slug), {f"{condition.slug}-role": Role.FAMILY})
        assert response.status_code == 302
        assert response.url.startswith(login_url())
        assert Membership.objects.get().role == Role.PATIENT

    @pytest.mark.parametrize("url_of", [role_url])  # leaving asks first on a GET: test_confirmations.py
    def test_change_role_and_leave_reject_get(self, client, alice, condition, url_of, alice_on_the_map):
        client.force_login(alice)
        assert client.get(url_of(condition.slug)).status_code == 405
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("url_of", [role_url])  # leaving asks first on a GET: test_confirmations.py
    def test_anonymous_get_of_change_role_and_leave_does_nothing(
        self, client, alice, condition, url_of, alice_on_the_map
    ):
        # require_POST runs before login_required: a GET is refused whoever asks.
        assert client.get(url_of(condition.slug)).status_code == 405
        assert Membership.objects.count() == 1

    def test_a_member_cannot_leave_someone_elses_membership(self, client, alice, bob, condition):
        on_map(bob, condition)
        client.force_login(alice)
        assert client.post(leave_url(condition.slug)).status_code == 404
        assert Membership.objects.filter(member__user=bob, condition=condition).exists()

    def test_a_member_cannot_change_someone_elses_role(self, client, alice, bob, condition):
        on_map(bob, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": Role.RESEARCHER})
        assert response.status_code == 404
        assert Membership.objects.get(member__user=bob).role == Role.PATIENT
        assert not Membership.objects.filter(member__user=alice).exists()

    @pytest.mark.parametrize("slug", ["no-such-condition", "neonatal-hemochromatosis-2", "x" * 150])
    @pytest.mark.parametrize("url_of", [role_url, leave_url])
    def test_forged_slugs_are_404(self, client, alice, condition, slug, url_of, alice_on_the_map):
        client.force_login(alice)
        assert client.post(url_of(slug), {f"{slug}-role": Role.FAMILY}).status_code == 404
        assert Membership.objects.count() == 1

    def test_forged_join_slug_is_404(self, client, alice, condition):
        client.force_login(alice)
        assert client.post("/community/join/no-such-condition/", {"role": Role.FAMILY}).status_code == 404
        assert not Membership.objects.exists()


# Join --------------------------------------------------------------------------------------


class TestJoin:
    def test_a_member_joins_and_the_condition_page_says_so(self, client, alice, bob, condition):
        on_map(bob, condition)
        client.force_login(alice)
        assert people_shown(client.get(condition.get_absolute_url())) == 1
        response = client.post(join_url(condition), {"role": Role.FAMILY})
        assert response.status_code == 302
        assert response.url == condition.get_absolute_url()
        membership = Membership.objects.get(member__user=alice, condition=condition)
        assert membership.role == Role.FAMILY
        page = client.get(response.url)
        html = page.content.decode()
        assert "You are on this map." in html
        assert "You are now on the Neonatal hemochromatosis map." in html
        assert people_shown(page) == 2

    def test_joining_twice_makes_one_membership(self, client, alice, condition):
        client.force_login(alice)
        first = client.post(join_url(condition), {"role": Role.FAMILY})
        second = client.post(join_url(condition), {"role": Role.CAREGIVER})
        assert first.url == second.url == condition.get_absolute_url()
        assert Membership.objects.filter(member__user=alice, condition=condition).count() == 1
        assert Membership.objects.get().role == Role.FAMILY

    def test_join_with_an_unknown_role_shows_the_form_again(self, client, alice, condition):
        client.force_login(alice)
        response = client.post(join_url(condition), {"role": "overlord"})
        assert response.status_code == 200
        assert response.context["form"].errors["role"]
        assert not Membership.objects.exists()

    def test_get_join_shows_the_form_to_a_member_not_on_the_map(self, client, alice, condition):
        client.force_login(alice)
        response = client.get(join_url(condition))
        assert response.status_code == 200
        assert 'name="role"' in response.content.decode()
        assert not Membership.objects.exists()

    def test_get_join_when_already_on_the_map_goes_to_the_condition(self, client, alice, condition, alice_on_the_map):
        client.force_login(alice)
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url == condition.get_absolute_url()
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_unpublished_condition_cannot_be_joined(self, client, alice, draft_condition, method):
        client.force_login(alice)
        response = getattr(client, method)(join_url(draft_condition), {"role": Role.PATIENT})
        assert response.status_code == 404
        assert not Membership.objects.exists()

    def test_anonymous_visitor_is_sent_to_sign_up_with_the_condition_remembered(self, client, condition):
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_signup"))
        assert client.session["join_condition"] == condition.slug

    def test_a_user_without_profile_makes_one_then_joins(self, client, charlie, condition, places):
        client.force_login(charlie)
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url == PROFILE_URL
        assert client.session["join_condition"] == condition.slug
        assert "Tell us a little about yourself first." in client.get(PROFILE_URL).content.decode()

        data = {
            "display_name": "Charlie C.",
            "role": Role.CAREGIVER,
            "place": str(places["munich"].pk),
            "visibility": Visibility.COUNTED,
            "health_data_consent": "on",
        }
        response = client.post(PROFILE_URL, data)
        assert response.status_code == 302
        assert response.url == join_url(condition)
        assert Profile.objects.get(user=charlie).display_name == "Charlie C."
        assert "join_condition" not in client.session

        form = client.get(response.url)
        assert form.status_code == 200
        assert form.context["form"]["role"].value() == Role.CAREGIVER
        client.post(join_url(condition), {"role": Role.CAREGIVER})
        assert Membership.objects.get().member.user == charlie


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_joins_make_exactly_one_membership(valencia, condition):
    profile = make_member("racer", "Racer", valencia)
    clients = [client_for(profile.user) for _ in range(2)]
    results = run_at_once(
        [lambda client=client: client.post(join_url(condition), {"role": Role.FAMILY}) for client in clients]
    )
    assert results == [302, 302]
    assert Membership.objects.filter(member=profile, condition=condition).count() == 1


# Leave and change role ---------------------------------------------------------------------


class TestLeaveAndChangeRole:
    def test_leaving_removes_the_membership_and_lowers_the_count(self, client, alice, bob, condition, members):
        client.force_login(alice)
        assert people_shown(client.get(condition.get_absolute_url())) == 2
        response = client.post(leave_url(condition.slug), follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        assert "You have left the Neonatal hemochromatosis map." in response.content.decode()
        assert not Membership.objects.filter(member__user=alice).exists()
        page = client.get(condition.get_absolute_url())
        assert people_shown(page) == 1
        assert "You are on this map." not in page.content.decode()

    def test_changing_role_is_saved(self, client, alice, condition):
        on_map(alice, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": Role.CAREGIVER}, follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        assert "Your role for Neonatal hemochromatosis is saved." in response.content.decode()
        assert Membership.objects.get().role == Role.CAREGIVER

    def test_an_unknown_role_is_refused(self, client, alice, condition):
        on_map(alice, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": "overlord"}, follow=True)
        assert "Choose one of the roles in the list." in response.content.decode()
        assert Membership.objects.get().role == Role.PATIENT
