"""The connections, messages, blocks, reports and data-rights API follows the pages' rules."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.models.connections import Block, Connection, ConnectionStatus, Message
from community.models.moderation import ModerationReport
from tests.factories import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


class TestConnectionsApi:
    def test_requests_listed_from_both_sides(self, members):
        alice, bob = members
        post(client_for(alice.user), reverse("api:connections"), {"member": str(bob.public_id)})
        (mine,) = client_for(alice.user).get(reverse("api:connections")).json()
        (theirs,) = client_for(bob.user).get(reverse("api:connections")).json()
        assert (mine["asked_by_me"], theirs["asked_by_me"]) == (True, False)
        assert mine["member"] == {"id": str(bob.public_id), "name": "Bob B."}
        assert "email" not in str(mine) and "@" not in str(theirs)

    def test_bad_and_forged_input(self, members):
        alice, bob = members
        client = client_for(alice.user)
        assert post(client, reverse("api:connections"), {"member": str(uuid.uuid4())}).status_code == 404
        assert post(client, reverse("api:connections"), {"member": "not-a-uuid"}).status_code == 400
        data = {"member": str(bob.public_id), "note": "x" * 301}
        assert post(client, reverse("api:connections"), data).status_code == 400
        data = {"member": str(bob.public_id), "status": "accepted"}
        assert post(client, reverse("api:connections"), data).status_code == 400  # not writable
        assert post(client, reverse("api:connections"), {"member": str(alice.public_id)}).status_code == 400
        assert not Connection.objects.exists()

    def test_only_the_recipient_accepts(self, members):
        alice, bob = members
        post(client_for(alice.user), reverse("api:connections"), {"member": str(bob.public_id)})
        connection = Connection.objects.get()
        assert (
            post(client_for(alice.user), reverse("api:connection-accept", args=[connection.public_id])).status_code
            == 400
        )
        assert Connection.objects.get().status == ConnectionStatus.PENDING

    def test_the_recipient_accepts(self, members):
        alice, bob = members
        data = {"member": str(bob.public_id), "note": "Hi"}
        response = post(client_for(alice.user), reverse("api:connections"), data)
        assert response.status_code == 201, response.content
        connection = Connection.objects.get()
        accepted = post(client_for(bob.user), reverse("api:connection-accept", args=[connection.public_id]))
        assert accepted.json()["status"] == "accepted"
        connection.refresh_from_db()
        assert connection.status == ConnectionStatus.ACCEPTED

    def test_visitors_are_refused(self, client, connected):
        assert client.get(reverse("api:connections")).status_code == 403
        assert client.get(reverse("api:messages", args=[connected.public_id])).status_code == 403


class TestMessagesApi:
    def test_connected_members_write_and_read(self, connected, members):
        alice, bob = members
        url = reverse("api:messages", args=[connected.public_id])
        response = post(client_for(alice.user), url, {"text": "<script>alert(1)</script> hello"})
        assert response.status_code == 201 and response.json()["mine"] is True
        page = client_for(bob.user).get(url).json()
        assert page["results"][0]["text"] == "<script>alert(1)</script> hello"  # data, for the client to escape
        assert page["results"][0]["mine"] is False
        assert client_for(bob.user).get(reverse("community:unread")).json()["unread"] == 0  # read

    @pytest.mark.parametrize("method", ["get", "post", "delete"])
    def test_a_stranger_gets_404_whatever_the_id(self, connected, stranger, method):
        client = client_for(stranger.user)
        for url in [
            reverse("api:messages", args=[connected.public_id]),
            reverse("api:messages", args=[uuid.uuid4()]),
            reverse("api:connection", args=[connected.public_id]),
            reverse("api:connection-accept", args=[connected.public_id]),
        ]:
            response = getattr(client, method)(url, {"text": "let me in"}, content_type="application/json")
            assert response.status_code in (404, 405), (url, response.status_code)  # 405: for any id alike
        assert not Message.objects.exists()
        assert Connection.objects.get().status == ConnectionStatus.ACCEPTED

    def test_empty_huge_and_blocked_messages_are_refused(self, connected, members):
        alice, bob = members
        url = reverse("api:messages", args=[connected.public_id])
        client = client_for(alice.user)
        assert post(client, url, {"text": "   "}).status_code == 400
        assert post(client, url, {"text": "y" * 2001}).status_code == 400
        post(client_for(bob.user), reverse("api:blocks"), {"member": str(alice.public_id)})
        assert post(client, url, {"text": "Still there?"}).status_code == 404  # as for any non-connection
        assert not Message.objects.exists()

    def test_removing_the_connection(self, connected, members):
        alice, _bob = members
        url = reverse("api:connection", args=[connected.public_id])
        assert client_for(alice.user).delete(url).status_code == 204
        assert not Connection.objects.exists()


class TestBlocksReportsAndData:
    def test_block_and_unblock(self, members):
        alice, bob = members
        assert post(client_for(alice.user), reverse("api:blocks"), {"member": str(bob.public_id)}).status_code == 204
        assert Block.objects.filter(blocker=alice, blocked=bob).exists()
        response = post(client_for(bob.user), reverse("api:connections"), {"member": str(alice.public_id)})
        assert response.status_code == 404  # alice's profile is gone for bob
        assert client_for(alice.user).delete(reverse("api:block", args=[bob.public_id])).status_code == 204
        assert not Block.objects.exists()

    def test_reports_of_a_member_and_of_a_received_message(self, connected, members, stranger):
        alice, bob = members
        message = connected.send(bob, "Buy my miracle cure")
        data = {"connection": str(connected.public_id), "message": message.pk, "reason": "health"}
        assert post(client_for(alice.user), reverse("api:reports"), data).status_code == 201
        assert post(client_for(bob.user), reverse("api:reports"), data).status_code == 404  # one's own message
        assert post(client_for(stranger.user), reverse("api:reports"), data).status_code == 404
        member = {"member": str(bob.public_id), "reason": "spam"}
        assert post(client_for(alice.user), reverse("api:reports"), member).status_code == 201
        assert post(client_for(alice.user), reverse("api:reports"), {"reason": "spam"}).status_code == 400
        assert ModerationReport.objects.count() == 2

    def test_export_and_delete(self, connected, members):
        alice, _bob = members
        data = client_for(alice.user).get(reverse("api:my-export")).json()
        assert data["profile"]["display_name"] == "Alice in Valencia"
        assert "bob@example.org" not in str(data)
        client = client_for(alice.user)
        assert post(client, reverse("api:my-delete"), {"password": "wrong"}).status_code == 400
        assert post(client, reverse("api:my-delete"), {"password": PASSWORD}).status_code == 204
        assert not get_user_model().objects.filter(username="alice").exists()


def test_the_schema_documents_connections_messages_blocks_reports_and_data(client, db):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in [
        "/api/connections/",
        "/api/connections/{connection_id}/",
        "/api/connections/{connection_id}/accept/",
        "/api/connections/{connection_id}/messages/",
        "/api/blocks/",
        "/api/blocks/{member_id}/",
        "/api/reports/",
        "/api/me/export/",
        "/api/me/delete/",
    ]:
        assert path in paths, path
