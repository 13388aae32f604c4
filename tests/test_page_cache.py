"""Condition pages are cached whole for anonymous visitors, never go stale, and never reuse a nonce."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from conditions.models import Article, ArticleStatus
from diseasemaps.page_cache import cacheable
from tests.factories import QuestionFactory, SectionFactory

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
    section = condition.causes_article.sections.first()
    section.heading = "Freshly renamed cause"
    section.save()
    assert "Freshly renamed cause" in client.get(condition.get_absolute_url()).content.decode()
    assert "Freshly renamed cause" in client.get(causes_url(condition)).content.decode()


def test_adding_and_deleting_sections_and_questions_shows_at_once(client, condition):
    client.get(condition.get_absolute_url())
    SectionFactory(article=condition.causes_article, heading="A brand new cause", position=0)
    QuestionFactory(condition=condition, text="Brand new top question?", position=1)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "A brand new cause" in html and "Brand new top question?" in html
    condition.causes_article.sections.filter(heading="A brand new cause").delete()
    assert "A brand new cause" not in client.get(condition.get_absolute_url()).content.decode()


def test_moving_an_article_back_to_draft_hides_it_at_once(client, admin_client, condition):
    client.get(condition.get_absolute_url())
    client.get(causes_url(condition))
    admin_client.post(
        reverse("admin:conditions_article_changelist"),
        {"action": "unpublish", "_selected_action": [condition.causes_article.pk]},
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
    Article.objects.filter(pk=condition.causes_article.pk).update(
        status=ArticleStatus.DRAFT, intro="Draft wording only staff may read."
    )  # a queryset update: no signal, so the public copy stays as it was
    client.force_login(curator)
    assert "Draft wording only staff may read." in client.get(condition.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert "Maternal antibodies" not in client.get(condition.get_absolute_url()).content.decode()


def test_each_language_has_its_own_copy(client, condition, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish")]
    english = client.get(condition.get_absolute_url(), headers={"accept-language": "en"})
    spanish = client.get(condition.get_absolute_url(), headers={"accept-language": "es"})
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()


def test_each_host_has_its_own_copy(client, condition, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    client.get(condition.get_absolute_url(), headers={"host": "a.example"})
    html = client.get(condition.get_absolute_url(), headers={"host": "b.example"}).content.decode()
    assert 'rel="canonical" href="http://b.example/' in html


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
