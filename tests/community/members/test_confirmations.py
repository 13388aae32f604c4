"""Steps that cannot be undone ask first, on a page of their own that needs no JavaScript:
leaving a map, removing a connection (and its conversation, for both), deleting one's account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.models import Membership
from community.models.connections import Connection, ConnectionStatus
from tests.factories import PASSWORD, client_for, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_the_map(condition, members):
    """The condition whose map alice and bob are on."""
    return condition


@pytest.fixture
def connection(connected, bob) -> Connection:
    connected.send(bob.profile, "Hi Alice")
    return connected


def leave_url(condition) -> str:
    return reverse("community:leave", args=[condition.slug])


def remove_url(connection) -> str:
    return reverse("community:remove", args=[connection.public_id])


class TestLeavingAMap:
    def test_my_profile_leads_to_a_question_not_straight_out(self, on_the_map, alice):
        profile = client_for(alice).get(reverse("community:profile")).content.decode()
        assert f'href="{leave_url(on_the_map)}"' in profile
        assert f'action="{leave_url(on_the_map)}"' not in profile

    def test_the_question_page_says_what_happens_and_changes_nothing(self, on_the_map, alice):
        response = client_for(alice).get(leave_url(on_the_map))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Leave the Neonatal hemochromatosis map?" in page
        assert "Yes, leave the map" in page and f'href="{reverse("community:profile")}"' in page
        assert Membership.objects.filter(member=alice.profile, condition=on_the_map).exists()

    def test_head_and_get_never_leave(self, on_the_map, alice):
        client = client_for(alice)
        assert client.head(leave_url(on_the_map)).status_code == 200
        assert client.get(leave_url(on_the_map)).status_code == 200
        assert Membership.objects.filter(member=alice.profile, condition=on_the_map).exists()

    def test_confirming_leaves(self, on_the_map, alice):
        response = client_for(alice).post(leave_url(on_the_map))
        assert response.status_code == 302
        assert not Membership.objects.filter(member=alice.profile, condition=on_the_map).exists()

    def test_a_map_one_is_not_on_is_a_404(self, condition, places, alice):
        outsider = make_member("olga", "Olga", places["munich"])
        assert client_for(outsider.user).get(leave_url(condition)).status_code == 404

    def test_asking_needs_a_sign_in(self, client, on_the_map):
        response = client.get(leave_url(on_the_map))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


class TestRemovingAConnection:
    def test_connections_lead_to_a_question_not_straight_out(self, connection, alice):
        page = client_for(alice).get(reverse("community:connections")).content.decode()
        assert f'href="{remove_url(connection)}"' in page
        assert f'action="{remove_url(connection)}"' not in page

    def test_the_question_page_warns_that_the_conversation_goes_for_both(self, connection, alice):
        response = client_for(alice).get(remove_url(connection))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Remove your connection with Bob B.?" in page
        assert "for both of you" in page
        assert Connection.objects.filter(pk=connection.pk, status=ConnectionStatus.ACCEPTED).exists()

    def test_head_never_removes_and_other_actions_still_need_a_post(self, connection, alice):
        client = client_for(alice)
        assert client.head(remove_url(connection)).status_code == 200
        assert client.get(reverse("community:decline", args=[connection.public_id])).status_code == 405
        assert Connection.objects.filter(pk=connection.pk, status=ConnectionStatus.ACCEPTED).exists()

    def test_confirming_removes_it(self, connection, bob):
        response = client_for(bob).post(remove_url(connection))
        assert response.status_code == 302
        assert not Connection.objects.filter(pk=connection.pk).exists()

    def test_a_stranger_gets_a_404_on_the_question(self, connection, places):
        eve = make_member("eve", "Eve", places["munich"])
        assert client_for(eve.user).get(remove_url(connection)).status_code == 404
        assert client_for(eve.user).post(remove_url(connection)).status_code == 404
        assert Connection.objects.filter(pk=connection.pk).exists()


class TestDeletingMyAccount:
    def test_the_password_alone_deletes_nothing(self, alice):
        response = client_for(alice).post(reverse("community:delete_account"), {"password": PASSWORD})
        assert response.status_code == 400
        assert "Tick this box to confirm" in response.content.decode()
        assert get_user_model().objects.filter(pk=alice.pk).exists()

    def test_password_and_confirmation_delete(self, alice):
        data = {"password": PASSWORD, "confirm": "on"}
        response = client_for(alice).post(reverse("community:delete_account"), data)
        assert response.status_code == 302
        assert not get_user_model().objects.filter(pk=alice.pk).exists()
