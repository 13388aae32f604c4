"""Members connect, block and talk in private messages; strangers reach nothing, whatever ids they forge."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.connections.views import THREADS_PER_PAGE
from community.models import Visibility
from community.models.connections import Block, Connection, ConnectionStatus, Message, RequestPolicy
from community.models.moderation import ModerationReport
from tests.concurrency import run_at_once
from tests.factories import ConditionFactory, MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db


def connect_url(profile) -> str:
    return reverse("community:connect", args=[profile.public_id])


def action_url(connection, action: str) -> str:
    return reverse(f"community:{action}", args=[connection.public_id])


class TestRequests:
    def test_a_request_is_sent_seen_and_accepted(self, members):
        alice, bob = members
        response = client_for(alice.user).post(connect_url(bob), {"note": "We share a diagnosis."})
        assert response.status_code == 302
        connection = Connection.objects.get()
        assert (connection.status, connection.requested_by) == (ConnectionStatus.PENDING, alice)
        page = client_for(bob.user).get(reverse("community:connections")).content.decode()
        assert "Alice in Valencia" in page and "We share a diagnosis." in page
        client_for(bob.user).post(action_url(connection, "accept"))
        connection.refresh_from_db()
        assert connection.status == ConnectionStatus.ACCEPTED

    def test_asking_back_accepts_the_pending_request(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob))
        client_for(bob.user).post(connect_url(alice))
        (connection,) = Connection.objects.all()
        assert connection.status == ConnectionStatus.ACCEPTED

    def test_only_the_recipient_accepts_and_only_the_sender_cancels(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob))
        connection = Connection.objects.get()
        client_for(alice.user).post(action_url(connection, "accept"))
        assert Connection.objects.get().status == ConnectionStatus.PENDING
        client_for(bob.user).post(action_url(connection, "cancel"))
        assert Connection.objects.exists()
        client_for(alice.user).post(action_url(connection, "cancel"))
        assert not Connection.objects.exists()

    def test_a_declined_sender_cannot_ask_again_but_the_recipient_can(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob))
        connection = Connection.objects.get()
        client_for(bob.user).post(action_url(connection, "decline"))
        response = client_for(alice.user).post(connect_url(bob), follow=True)
        assert "This member did not accept your request." in response.content.decode()
        assert Connection.objects.get().status == ConnectionStatus.DECLINED
        client_for(bob.user).post(connect_url(alice))
        connection.refresh_from_db()
        assert (connection.status, connection.requested_by) == (ConnectionStatus.PENDING, bob)

    def test_members_without_a_shared_condition_cannot_ask(self, alice, bob, condition, alice_on_the_map):
        MembershipFactory(member=bob.profile, condition=ConditionFactory(name="Another condition"))
        response = client_for(alice).post(connect_url(bob.profile), follow=True)
        assert "share a condition" in response.content.decode()
        assert not Connection.objects.exists()

    def test_a_member_can_refuse_all_requests(self, members):
        alice, bob = members
        bob.accepts_requests = RequestPolicy.NOBODY
        bob.save()
        response = client_for(alice.user).post(connect_url(bob), follow=True)
        assert "does not accept connection requests" in response.content.decode()
        assert not Connection.objects.exists()

    def test_nobody_connects_with_themselves_or_with_a_forged_id(self, members):
        alice, _bob = members
        client_for(alice.user).post(connect_url(alice))
        url = reverse("community:connect", args=[uuid.uuid4()])
        assert client_for(alice.user).post(url).status_code == 404
        assert not Connection.objects.exists()

    def test_requests_reject_get_and_need_a_sign_in(self, client, members):
        alice, bob = members
        assert client_for(alice.user).get(connect_url(bob)).status_code == 405
        response = client.post(connect_url(bob))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    def test_a_huge_note_is_refused_and_nothing_sent(self, members):
        alice, bob = members
        response = client_for(alice.user).post(connect_url(bob), {"note": "x" * 301}, follow=True)
        assert "at most 300 characters" in response.content.decode()
        assert not Connection.objects.exists()

    def test_notes_are_escaped(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob), {"note": "<script>alert(1)</script>"})
        html = client_for(bob.user).get(reverse("community:connections")).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_requests_are_rate_limited(self, settings, alice, condition, places):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "request": (2, 86400)}
        MembershipFactory(member=alice.profile, condition=condition)
        others = [make_member(f"other{n}", f"Other {n}", places["valencia"]) for n in range(3)]
        for other in others:
            MembershipFactory(member=other, condition=condition)
        client = client_for(alice)
        for other in others[:2]:
            client.post(connect_url(other))
        response = client.post(connect_url(others[2]), follow=True)
        assert "You have sent many requests today." in response.content.decode()
        assert Connection.objects.count() == 2


class TestThePairIsOneRow:
    def test_the_database_refuses_a_second_row_or_an_unordered_pair(self, members):
        alice, bob = members
        low, high = sorted([alice, bob], key=lambda profile: profile.pk)
        Connection.objects.create(low=low, high=high, requested_by=low)
        with pytest.raises(IntegrityError), transaction.atomic():
            Connection.objects.create(low=low, high=high, requested_by=high)
        with pytest.raises(IntegrityError), transaction.atomic():
            Connection.objects.create(low=high, high=low, requested_by=high)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_both_ways_make_one_row(condition, alice, bob, members):
    senders = [(alice.profile, bob.profile), (bob.profile, alice.profile)] * 10
    results = run_at_once([lambda a=a, b=b: client_for(a.user).post(connect_url(b)) for a, b in senders])
    assert all(code == 302 for code in results), results
    assert Connection.objects.count() == 1


class TestMessages:
    def test_connected_members_talk_and_unread_counts_follow(self, connected, members):
        alice, bob = members
        thread = connected.get_absolute_url()
        client_for(alice.user).post(thread, {"body": "Hello Bob, how was the appointment?"})
        client_for(alice.user).post(thread, {"body": "See https://example.org/guide <script>x</script>"})
        inbox = client_for(bob.user).get(reverse("community:inbox")).content.decode()
        assert "2 new" in inbox
        page = client_for(bob.user).get(thread).content.decode()
        assert "Hello Bob, how was the appointment?" in page
        assert '<a href="https://example.org/guide" rel="nofollow">https://example.org/guide</a>' in page
        assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
        assert "new</span>" not in client_for(bob.user).get(reverse("community:inbox")).content.decode()

    def test_an_empty_or_huge_message_is_refused(self, connected, members):
        alice, _bob = members
        client = client_for(alice.user)
        assert client.post(connected.get_absolute_url(), {"body": "   "}).status_code == 400
        response = client.post(connected.get_absolute_url(), {"body": "y" * 2001})
        assert response.status_code == 400
        assert "y" * 2001 in response.content.decode()  # what was typed is not lost
        assert not Message.objects.exists()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_stranger_gets_404_on_every_thread_whatever_the_id(self, connected, stranger, method):
        client = client_for(stranger.user)
        for url in [
            connected.get_absolute_url(),
            reverse("community:thread", args=[uuid.uuid4()]),
            action_url(connected, "remove"),
            action_url(connected, "accept"),
        ]:
            response = getattr(client, method)(url, {"body": "let me in"})
            assert response.status_code in ({404} if method == "post" or "messages" in url else {404, 405}), url
        assert not Message.objects.exists()
        assert Connection.objects.get().status == ConnectionStatus.ACCEPTED

    def test_visitors_are_sent_to_sign_in(self, client, connected):
        response = client.get(connected.get_absolute_url())
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    def test_pending_requests_have_no_messages(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob))
        connection = Connection.objects.get()
        client_for(alice.user).post(connection.get_absolute_url(), {"body": "Answer me"})
        assert not Message.objects.exists()

    def test_removing_a_connection_ends_the_conversation(self, connected, members):
        alice, bob = members
        client_for(alice.user).post(connected.get_absolute_url(), {"body": "Bye"})
        client_for(bob.user).post(action_url(connected, "remove"))
        assert not Connection.objects.exists() and not Message.objects.exists()
        assert client_for(alice.user).get(connected.get_absolute_url()).status_code == 404

    def test_inbox_queries_do_not_grow_with_threads(self, alice, condition, places, django_assert_max_num_queries):
        me = alice.profile
        MembershipFactory(member=me, condition=condition)
        counts = {}
        many = 3 * THREADS_PER_PAGE + 5
        for total in (5, many):
            while Connection.objects.count() < total:
                number = Connection.objects.count()
                other = make_member(f"pen{number}", f"Pen pal {number}", places["valencia"])
                low, high = sorted([me, other], key=lambda profile: profile.pk)
                link = Connection.objects.create(low=low, high=high, requested_by=other, status="accepted")
                Message.objects.create(connection=link, sender=other, body=f"Message {number}")
            from django.db import connection as db
            from django.test.utils import CaptureQueriesContext

            client = client_for(alice)
            with CaptureQueriesContext(db) as queries:
                assert client.get(reverse("community:inbox")).status_code == 200
            counts[total] = len(queries)
        assert counts[5] == counts[many], counts
        # session and user, the profile, the page's count and its threads with their last message
        # and unread counts, the requests waiting for an answer
        client = client_for(alice)
        with django_assert_max_num_queries(6):
            assert f"Pen pal {many - 1}" in client.get(reverse("community:inbox")).content.decode()


class TestBlocks:
    def test_blocked_members_cannot_ask_or_write_either_way(self, connected, members):
        alice, bob = members
        client_for(bob.user).post(reverse("community:block", args=[alice.public_id]))
        assert Block.objects.filter(blocker=bob, blocked=alice).exists()
        for sender in (alice, bob):
            client_for(sender.user).post(connected.get_absolute_url(), {"body": "Hello?"})
        assert not Message.objects.exists()
        # The blocked member's view of bob's profile is gone, and so is bob's of them.
        assert client_for(alice.user).get(bob.get_absolute_url()).status_code == 404
        assert client_for(bob.user).get(alice.get_absolute_url()).status_code == 404

    def test_a_block_withdraws_a_pending_request_and_stops_new_ones(self, members):
        alice, bob = members
        client_for(alice.user).post(connect_url(bob))
        client_for(bob.user).post(reverse("community:block", args=[alice.public_id]))
        assert not Connection.objects.exists()
        client_for(alice.user).post(connect_url(bob))
        assert not Connection.objects.exists()
        client_for(bob.user).post(reverse("community:unblock", args=[alice.public_id]))
        client_for(alice.user).post(connect_url(bob))
        assert Connection.objects.get().status == ConnectionStatus.PENDING

    def test_blocked_members_vanish_from_each_others_map_popups(self, members, condition):
        alice, bob = members
        url = reverse("api:map-place-members", args=[condition.slug, alice.place_id])
        names = lambda user: [m["display_name"] for m in client_for(user).get(url).json()["results"]]  # noqa: E731
        assert "Bob B." in names(alice.user)
        Block.objects.block(alice, bob)
        assert "Bob B." not in names(alice.user)
        assert "Alice in Valencia" not in names(bob.user)

    def test_counted_members_are_reachable_only_once_connected(self, connected, members, stranger):
        alice, bob = members
        bob.visibility = Visibility.COUNTED
        bob.save()
        assert client_for(alice.user).get(bob.get_absolute_url()).status_code == 200  # connected
        assert client_for(stranger.user).get(bob.get_absolute_url()).status_code == 404


class TestPeopleList:
    @pytest.fixture
    def people_url(self, condition):
        return reverse("condition_people", args=[condition.slug])

    def test_only_listed_members_appear_filtered_by_country_and_role(self, members, condition, places, people_url):
        alice, _bob = members
        quiet = make_member("quiet", "Quiet Quentin", places["valencia"], visibility=Visibility.COUNTED)
        MembershipFactory(member=quiet, condition=condition)
        munich = make_member("munich", "Münchner", places["munich"])
        MembershipFactory(member=munich, condition=condition, role="caregiver")
        html = client_for(alice.user).get(people_url).content.decode()
        assert "Bob B." in html and "Münchner" in html
        assert "Quiet Quentin" not in html and "Alice in Valencia" not in html.split("<h1>")[1]  # not oneself
        germany = client_for(alice.user).get(people_url, {"country": "DE"}).content.decode()
        assert "Münchner" in germany and "Bob B." not in germany
        carers = client_for(alice.user).get(people_url, {"role": "caregiver"}).content.decode()
        assert "Münchner" in carers and "Bob B." not in carers
        junk = client_for(alice.user).get(people_url, {"country": "<script>", "role": "x' OR 1=1"})
        assert junk.status_code == 200 and "Bob B." in junk.content.decode()

    def test_a_long_list_counts_no_further_than_it_shows_and_asks_to_narrow_it(
        self, members, condition, places, people_url, monkeypatch, django_assert_max_num_queries
    ):
        monkeypatch.setattr("community.maps.views.PEOPLE_LISTED", 3)
        alice, _bob = members
        for number in range(4):
            MembershipFactory(
                member=make_member(f"es{number}", f"Valencian {number}", places["valencia"]), condition=condition
            )
        MembershipFactory(member=make_member("de", "Münchner", places["munich"]), condition=condition)
        reader = client_for(alice.user)
        with django_assert_max_num_queries(12):
            html = reader.get(people_url).content.decode()
        assert "More than 3 members. The pages list the first 3: choose a country or a role to see the others." in html
        assert html.count('<li><a href="/community/members/') == 3
        germany = reader.get(people_url, {"country": "DE"}).content.decode()
        assert "1 member" in germany and "More than" not in germany and "Münchner" in germany
        past_the_end = reader.get(people_url, {"page": "99"})
        assert past_the_end.status_code == 200
        assert past_the_end.content.decode().count('<li><a href="/community/members/') == 3

    def test_visitors_sign_in_and_blocked_members_vanish(self, client, members, people_url):
        alice, bob = members
        response = client.get(people_url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        Block.objects.block(bob, alice)
        assert "Bob B." not in client_for(alice.user).get(people_url).content.decode()
        assert "Alice in Valencia" not in client_for(bob.user).get(people_url).content.decode()


def test_opening_too_many_profiles_gets_429_and_a_warning(settings, members, stranger, caplog):
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "profile_view": (2, 3600)}
    alice, bob = members
    client = client_for(alice.user)
    assert client.get(alice.get_absolute_url()).status_code == 200  # one's own is not counted
    assert client.get(bob.get_absolute_url()).status_code == 200
    assert client.get(stranger.get_absolute_url()).status_code == 200
    response = client.get(bob.get_absolute_url())
    assert response.status_code == 429
    assert "the number of members one can see in an hour is limited" in response.content.decode()
    assert any("PROFILE_VIEW_LIMIT" in record.getMessage() for record in caplog.records)


class TestNotifications:
    def test_an_email_for_a_request_and_at_most_one_an_hour_per_conversation(
        self, members, mailoutbox, django_capture_on_commit_callbacks
    ):
        alice, bob = members
        with django_capture_on_commit_callbacks(execute=True):
            client_for(alice.user).post(connect_url(bob), {"note": "<b>Hi</b>"})
        (request_mail,) = mailoutbox
        assert request_mail.to == ["bob@example.org"]
        assert "Alice in Valencia asks to connect with you" in request_mail.subject
        assert "alice@example.org" not in request_mail.body
        connection = Connection.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client_for(bob.user).post(action_url(connection, "accept"))
            for text in ("One", "Two", "Three"):
                client_for(bob.user).post(connection.get_absolute_url(), {"body": f"Secret {text}"})
        assert len(mailoutbox) == 2  # the request, then one email for the three messages
        assert mailoutbox[1].to == ["alice@example.org"]
        assert "Secret" not in mailoutbox[1].body  # the message stays on the site
        assert connection.get_absolute_url() in mailoutbox[1].body

    def test_members_can_turn_the_emails_off(self, members, mailoutbox, django_capture_on_commit_callbacks):
        alice, bob = members
        bob.email_notifications = False
        bob.save()
        with django_capture_on_commit_callbacks(execute=True):
            client_for(alice.user).post(connect_url(bob))
        assert mailoutbox == []

    def test_the_badge_counts_unread_messages(self, connected, members, client):
        alice, bob = members
        url = reverse("community:unread")
        assert client_for(alice.user).get(url).json()["unread"] == 0
        connected.send(bob, "Are you there?")
        connected.send(bob, "Hello?")
        assert client_for(alice.user).get(url).json()["unread"] == 2
        assert client_for(bob.user).get(url).json()["unread"] == 0
        client_for(alice.user).get(connected.get_absolute_url())  # reading the thread
        assert client_for(alice.user).get(url).json()["unread"] == 0
        assert client.get(url).status_code == 302

    def test_the_badge_counts_requests_waiting_for_my_answer(self, members, stranger):
        alice, bob = members
        url = reverse("community:unread")
        client_for(bob.user).post(connect_url(alice), {"note": "Hello"})
        client_for(stranger.user).post(connect_url(alice))
        assert client_for(alice.user).get(url).json() == {"unread": 0, "requests": 2}
        assert client_for(bob.user).get(url).json() == {"unread": 0, "requests": 0}  # sent, not received
        client_for(alice.user).post(action_url(Connection.objects.get(requested_by=bob), "accept"))
        client_for(alice.user).post(action_url(Connection.objects.get(requested_by=stranger), "decline"))
        assert client_for(alice.user).get(url).json() == {"unread": 0, "requests": 0}

    def test_the_inbox_says_when_requests_wait(self, members):
        alice, bob = members
        client_for(bob.user).post(connect_url(alice))
        page = client_for(alice.user).get(reverse("community:inbox")).content.decode()
        assert "1 connection request is waiting for your answer." in page
        assert f'href="{reverse("community:connections")}"' in page
        page = client_for(bob.user).get(reverse("community:inbox")).content.decode()
        assert "waiting for your answer" not in page

    def test_my_profile_links_to_my_connections(self, members):
        alice, _bob = members
        page = client_for(alice.user).get(reverse("community:profile")).content.decode()
        assert f'href="{reverse("community:connections")}"' in page


class TestModeration:
    @pytest.fixture
    def chat(self, connected, members):
        """Ten messages, alternating, bob's the odd ones."""
        alice, bob = members
        for number in range(10):
            connected.send(bob if number % 2 else alice, f"Message number {number}")
        return list(Message.objects.order_by("created_at", "pk"))

    def test_a_member_reports_a_message_and_moderators_see_only_its_context(self, connected, members, chat, moderator):
        alice, bob = members
        reported = chat[5]  # bob's
        url = reverse("community:report_message", args=[connected.public_id, reported.pk])
        assert client_for(alice.user).get(url).status_code == 200
        client_for(alice.user).post(url, {"reason": "harassment", "note": "<script>x</script>"})
        report = ModerationReport.objects.get()
        assert (report.reporter, report.reported, report.message) == (alice, bob, reported)
        page = client_for(moderator).get(reverse("admin:community_moderationreport_change", args=[report.pk]))
        html = page.content.decode()
        for number in (3, 4, 5, 6, 7):
            assert f"Message number {number}" in html
        for number in (0, 1, 2, 8, 9):
            assert f"Message number {number}" not in html
        assert "<script>x" not in html
        for name in ("message", "connection"):  # no other way into private messages
            assert client_for(moderator).get(f"/admin/community/{name}/").status_code == 404

    def test_only_the_other_members_messages_in_ones_own_thread_can_be_reported(
        self, connected, members, chat, stranger
    ):
        alice, _bob = members
        own = reverse("community:report_message", args=[connected.public_id, chat[0].pk])  # alice's own
        assert client_for(alice.user).get(own).status_code == 404
        theirs = reverse("community:report_message", args=[connected.public_id, chat[1].pk])
        assert client_for(stranger.user).get(theirs).status_code == 404
        assert client_for(stranger.user).post(theirs, {"reason": "spam"}).status_code == 404
        assert not ModerationReport.objects.exists()

    def test_a_member_can_be_reported_but_not_oneself(self, members):
        alice, bob = members
        url = reverse("community:report_member", args=[bob.public_id])
        client_for(alice.user).post(url, {"reason": "impersonation"})
        assert ModerationReport.objects.get().message is None
        own = reverse("community:report_member", args=[alice.public_id])
        assert client_for(alice.user).post(own, {"reason": "spam"}).status_code == 404
        assert client_for(alice.user).post(url, {"reason": "<b>"}).status_code == 400
