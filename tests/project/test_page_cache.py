"""Condition pages are cached whole for anonymous visitors, never go stale, and never reuse a nonce."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from community.models import Visibility
from conditions.models import Article, ArticleStatus, Condition
from diseasemaps.page_cache import cacheable
from tests.factories import (
    MembershipFactory,
    ProfileFactory,
    QuestionFactory,
    SectionFactory,
    UserFactory,
    client_for,
    make_member,
    verify_email,
)

pytestmark = pytest.mark.django_db


def causes_url(condition) -> str:
    return reverse("conditions:causes", args=[condition.slug])


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("suffix", ["", "causes/", "questions/", "questions/hereditary/"])
def test_a_cached_page_costs_one_query(client, condition, django_assert_num_queries, suffix):
    url = condition.get_absolute_url() + suffix
    first = client.get(url)
    with django_assert_num_queries(1):  # the condition's content version; the page comes from the cache
        second = client.get(url + "?utm_source=newsletter")
    assert second.status_code == 200
    assert second.content.replace(nonce_of(second).encode(), b"") == first.content.replace(
        nonce_of(first).encode(), b""
    )


def test_every_cached_response_has_its_own_nonce_in_header_and_page(client, condition):
    responses = [client.get(condition.get_absolute_url()) for _ in range(3)]
    nonces = [nonce_of(response) for response in responses]
    assert len(set(nonces)) == 3
    for response, nonce in zip(responses, nonces, strict=True):
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_editing_a_section_shows_at_once(client, condition):
    client.get(condition.get_absolute_url())
    client.get(causes_url(condition))
    section = condition.articles.get(language="en").sections.first()
    section.heading = "Freshly renamed cause"
    section.save()
    assert "Freshly renamed cause" in client.get(condition.get_absolute_url()).content.decode()
    assert "Freshly renamed cause" in client.get(causes_url(condition)).content.decode()


def test_adding_and_deleting_sections_and_questions_shows_at_once(client, condition):
    client.get(condition.get_absolute_url())
    SectionFactory(article=condition.articles.get(language="en"), heading="A brand new cause", position=0)
    QuestionFactory(condition=condition, text="Brand new top question?", position=1)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "A brand new cause" in html and "Brand new top question?" in html
    condition.articles.get(language="en").sections.filter(heading="A brand new cause").delete()
    assert "A brand new cause" not in client.get(condition.get_absolute_url()).content.decode()


def test_moving_an_article_back_to_draft_hides_it_at_once(client, admin_client, condition):
    client.get(condition.get_absolute_url())
    client.get(causes_url(condition))
    admin_client.post(
        reverse("admin:conditions_article_changelist"),
        {"action": "unpublish", "_selected_action": [condition.articles.get(language="en").pk]},
    )
    assert Article.objects.get().status == ArticleStatus.DRAFT
    assert "Maternal antibodies" not in client.get(condition.get_absolute_url()).content.decode()
    assert client.get(causes_url(condition)).status_code == 404


def test_unpublishing_a_condition_hides_its_cached_pages(client, admin_client, condition):
    client.get(condition.get_absolute_url())
    admin_client.post(
        reverse("admin:conditions_condition_changelist"), {"action": "unpublish", "_selected_action": [condition.pk]}
    )
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_staff_and_members_never_get_the_public_copy(client, curator, alice, condition):
    client.get(condition.get_absolute_url())  # the public copy, with the published article
    Article.objects.filter(pk=condition.articles.get(language="en").pk).update(
        status=ArticleStatus.DRAFT, intro="Draft wording only staff may read."
    )  # a queryset update: no signal, so the public copy stays as it was
    client.force_login(curator)
    assert "Draft wording only staff may read." in client.get(condition.get_absolute_url()).content.decode()
    client.force_login(alice)  # members share the summary cached per version, never staff's draft
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "Draft wording only staff may read." not in html
    assert "You are on this map." not in html and "Join the Neonatal hemochromatosis community" in html


def test_each_language_has_its_own_copy(client, condition, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish")]
    english = client.get(condition.get_absolute_url(), headers={"accept-language": "en"})
    spanish = client.get(condition.get_absolute_url(), headers={"accept-language": "es"}, follow=True)
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()


def test_every_host_gets_the_page_with_the_sites_own_address(client, condition, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    settings.SITE_URL = "https://maps.example.org"
    client.get(condition.get_absolute_url(), headers={"host": "a.example"})
    html = client.get(condition.get_absolute_url(), headers={"host": "b.example"}).content.decode()
    assert 'rel="canonical" href="https://maps.example.org/' in html
    assert "a.example" not in html and "b.example" not in html


def test_responses_with_cookies_csrf_tokens_or_errors_are_not_cached():
    request = RequestFactory().get("/")
    assert cacheable(request, HttpResponse("<p>ok</p>"))
    with_cookie = HttpResponse("<p>ok</p>")
    with_cookie.set_cookie("sessionid", "x")
    assert not cacheable(request, with_cookie)
    assert not cacheable(request, HttpResponse("missing", status=404))
    assert not cacheable(request, HttpResponse("{}", content_type="application/json"))
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not cacheable(request, HttpResponse("<form></form>"))


class TestNothingOfOneVisitorIsCached:
    def test_a_signed_out_flash_message_is_not_served_to_other_visitors(self, condition, alice):
        leaving = client_for(alice)
        leaving.post(reverse("account_logout"))
        own = leaving.get(condition.get_absolute_url()).content.decode()
        assert "You are logged out." in own  # shown to the one who signed out...
        for _ in range(2):
            other = Client().get(condition.get_absolute_url()).content.decode()
            assert "You are logged out." not in other  # ...and to nobody else

    def test_a_visitor_with_a_pending_message_still_gets_it_on_a_cached_page(self, condition, alice):
        Client().get(condition.get_absolute_url())  # the page is now in the cache
        leaving = client_for(alice)
        leaving.post(reverse("account_logout"))
        assert "You are logged out." in leaving.get(condition.get_absolute_url()).content.decode()

    def test_a_response_with_messages_is_never_stored(self, rf, condition):
        request = rf.get("/")
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        request._messages.add(20, "Chosen text from an attacker")
        assert not cacheable(request, HttpResponse("<p>page</p>", content_type="text/html"))


class TestOnlyWhatVisitorsSeeMovesAVersion:
    def test_an_unconfirmed_sign_up_leaves_the_cached_pages_alone(self, condition, valencia):
        version = Condition.objects.content_version(condition.slug)
        user = UserFactory(username="unconfirmed")
        profile = ProfileFactory(user=user, place=valencia, display_name="Not yet confirmed")
        MembershipFactory(member=profile, condition=condition)
        profile.about = "Edited before confirming."
        profile.save()
        assert Condition.objects.content_version(condition.slug) == version
        verify_email(user)  # now counted: the figures change, and so does the version
        assert Condition.objects.content_version(condition.slug) != version

    def test_a_hidden_members_edits_leave_the_cached_pages_alone(self, condition, valencia):
        profile = make_member("shy", "Shy member", valencia, visibility=Visibility.HIDDEN)
        version = Condition.objects.content_version(condition.slug)
        MembershipFactory(member=profile, condition=condition)
        profile.age_at_diagnosis = 3
        profile.save()
        assert Condition.objects.content_version(condition.slug) == version
        profile.visibility = Visibility.COUNTED
        profile.save()
        assert Condition.objects.content_version(condition.slug) != version


class TestTheCacheKeysOnTheSiteNotTheHostHeader:
    def test_varied_host_ports_share_one_cache_entry(self, condition, settings):
        settings.ALLOWED_HOSTS = ["testserver", "testserver:1", "testserver:2", "TESTSERVER"]
        url = condition.get_absolute_url()
        for host in ["testserver", "testserver:1", "testserver:2", "TESTSERVER"]:
            assert Client().get(url, headers={"host": host}).status_code == 200
        assert len(stored_keys(cache, ":page:")) == 1


def stored_keys(cache, part: str) -> list[str]:
    """The keys the cache holds that contain `part`: in Redis with REDIS_URL, else in locmem."""
    if hasattr(cache._cache, "get_client"):
        return [key.decode() for key in cache._cache.get_client().scan_iter(f"*{part}*")]
    return [key for key in cache._cache if part in key]
