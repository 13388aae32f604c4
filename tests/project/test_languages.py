"""Choosing the language (issue 15): the address, then the member's saved choice, then the browser's;
the switcher in every page; each page's canonical address and its hreflang alternates."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.test import Client

from community.models import Profile
from tests.community.members.helpers import log_in, signup_data
from tests.factories import PASSWORD, client_for

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]+)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


def html(response) -> str:
    return response.content.decode()


def language_of(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', html(response))[1]


def test_a_prefixed_address_answers_in_its_language_whatever_the_browser_says():
    response = Client().get("/es/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert language_of(response) == "es" and response["Content-Language"] == "es"


def test_english_keeps_its_addresses_without_a_prefix():
    response = Client().get("/conditions/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200 and language_of(response) == "en"
    assert Client().get("/en/conditions/").status_code == 404


def test_a_browser_in_another_language_is_sent_to_the_page_in_it_with_its_query(condition):
    response = Client().get(f"/conditions/{condition.slug}/questions/?sort=new", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/conditions/{condition.slug}/questions/?sort=new"
    assert {"accept-language", "cookie"} <= {part.strip().lower() for part in response["Vary"].split(",")}


def test_a_language_the_site_does_not_have_falls_back_to_english():
    response = Client().get("/conditions/", HTTP_ACCEPT_LANGUAGE="ja,zh;q=0.8")
    assert response.status_code == 200 and language_of(response) == "en"
    assert Client().get("/ja/conditions/").status_code == 404


def test_the_chosen_language_outranks_the_browsers():
    chose_english = Client()
    chose_english.cookies[LANGUAGE_COOKIE] = "en"
    response = chose_english.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200 and language_of(response) == "en"
    chose_german = Client()
    chose_german.cookies[LANGUAGE_COOKIE] = "de"
    assert chose_german.get("/", HTTP_ACCEPT_LANGUAGE="es")["Location"] == "/de/"


def test_a_forged_language_cookie_is_ignored():
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = "<script>alert(1)</script>"
    response = client.get("/")
    assert response.status_code == 200 and language_of(response) == "en"


def test_forms_and_the_api_are_not_redirected(condition):
    posted = Client().post("/accounts/login/", {"login": "x@example.org", "password": "no"}, HTTP_ACCEPT_LANGUAGE="es")
    assert posted.status_code == 200
    api = Client().get("/api/conditions/?q=hemo", HTTP_ACCEPT_LANGUAGE="es")
    assert api.status_code == 200 and api["Content-Language"] == "es"


def test_the_api_answers_errors_in_the_browsers_language():
    response = Client().get("/api/conditions/not-a-condition/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert response.json()["detail"] != Client().get("/api/conditions/not-a-condition/").json()["detail"]


def test_every_page_names_its_canonical_address_and_its_alternates(condition):
    response = Client().get(f"/es/conditions/{condition.slug}/")
    page = html(response)
    site = settings.SITE_URL
    assert CANONICAL.search(page)[1] == f"{site}/es/conditions/{condition.slug}/"
    alternates = dict(ALTERNATE.findall(page))
    assert alternates == {
        "en": f"{site}/conditions/{condition.slug}/",
        "x-default": f"{site}/conditions/{condition.slug}/",
        **{code: f"{site}/{code}/conditions/{condition.slug}/" for code in ("es", "ca", "fr", "it", "pt", "de")},
    }


def test_the_a_to_z_alternates_keep_the_letter_and_page(condition):
    page = html(Client().get("/de/conditions/?letter=n"))
    alternates = dict(ALTERNATE.findall(page))
    assert CANONICAL.search(page)[1].endswith("/de/conditions/?letter=n")
    assert alternates["es"].endswith("/es/conditions/?letter=n") and alternates["en"].endswith("/conditions/?letter=n")


def test_the_switcher_is_in_the_header_and_footer_with_every_language_and_no_token():
    page = html(Client().get("/fr/privacy/"))
    switcher = re.compile(r'<form class="language-switcher[^"]*" method="post" action="/language/">(.*?)</form>', re.S)
    forms = switcher.findall(page)
    assert len(forms) == 2
    for form in forms:
        assert '<input type="hidden" name="next" value="/fr/privacy/">' in form
        assert re.findall(r'<option value="([a-z]+)"', form) == ["en", "es", "ca", "fr", "it", "pt", "de"]
        assert '<option value="fr" lang="fr" selected>Français</option>' in form
        assert "csrfmiddlewaretoken" not in form
    assert re.search(r'<label for="language-header">[^<]+</label>', page)
    assert re.search(r'<label for="language-footer">[^<]+</label>', page)


def test_switching_keeps_the_page_and_remembers_the_choice(condition):
    client = Client()
    response = client.post("/language/", {"language": "es", "next": f"/conditions/{condition.slug}/map/"})
    assert response.status_code == 302 and response["Location"] == f"/es/conditions/{condition.slug}/map/"
    assert client.cookies[LANGUAGE_COOKIE].value == "es"
    assert client.get("/")["Location"] == "/es/"
    back = client.post("/language/", {"language": "en", "next": f"/es/conditions/{condition.slug}/map/"})
    assert back["Location"] == f"/conditions/{condition.slug}/map/"
    assert language_of(client.get("/", HTTP_ACCEPT_LANGUAGE="es")) == "en"


@pytest.mark.parametrize(
    "data",
    [
        {"language": "xx", "next": "/privacy/"},
        {"language": "e\u0455", "next": "/privacy/"},  # a Cyrillic look-alike of "s"
        {"language": "<script>", "next": "/privacy/"},
    ],
)
def test_a_language_the_site_does_not_have_changes_nothing(data):
    client = Client()
    response = client.post("/language/", data)
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert LANGUAGE_COOKIE not in client.cookies


def test_switching_never_leaves_the_site():
    response = Client().post("/language/", {"language": "it", "next": "https://evil.example/phish"})
    assert response.status_code == 302 and response["Location"] == "/it/"


def test_a_form_on_another_site_cannot_switch_a_members_language(alice):
    client = client_for(alice)
    response = client.post("/language/", {"language": "de", "next": "/"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    cross_site = client.post("/language/", {"language": "de", "next": "/"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site.status_code == 403
    assert Profile.objects.get(user=alice).language == "en"
    assert LANGUAGE_COOKIE not in client.cookies


def test_switching_only_by_post():
    assert Client().get("/language/?language=es&next=/").status_code == 405


def test_a_members_switch_is_saved_and_greets_them_on_their_next_visit(alice):
    client = client_for(alice)
    client.post("/language/", {"language": "pt", "next": "/privacy/"}, HTTP_ORIGIN="http://testserver")
    assert Profile.objects.get(user=alice).language == "pt"

    elsewhere = Client()  # another browser, with no cookie: signing in brings the saved choice
    signed_in = log_in(elsewhere, alice.email, PASSWORD)
    assert signed_in.status_code == 302
    assert elsewhere.cookies[LANGUAGE_COOKIE].value == "pt"
    assert elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/pt/"


def test_a_newcomer_keeps_the_language_they_signed_up_in(valencia):
    response = Client().post("/es/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert Profile.objects.get(user__email="rosa.newcomer@example.org").language == "es"


def test_members_change_their_language_on_their_profile_too(alice):
    response = client_for(alice).get("/ca/community/profile/")
    field = re.search(r'<select name="language"[^>]*id="id_language"[^>]*>(.*?)</select>', html(response), re.S)
    assert response.status_code == 200 and field
    assert re.findall(r'<option value="([a-z]+)"', field[1]) == ["en", "es", "ca", "fr", "it", "pt", "de"]


def test_saving_the_profile_in_another_language_answers_in_it(alice):
    client = client_for(alice)
    form = re.search(r'<form class="card form".*?</form>', html(client.get("/community/profile/")), re.S)[0]
    data = dict(re.findall(r'<input type="(?:text|number|hidden)" name="(\w+)"(?: [^>]*)? value="([^"]*)"', form))
    profile = Profile.objects.get(user=alice)
    data.update(
        display_name=profile.display_name,
        role=profile.role,
        place=profile.place_id,
        visibility=profile.visibility,
        accepts_requests=profile.accepts_requests,
        language="it",
    )
    response = client.post("/community/profile/", data)
    assert response.status_code == 302 and response["Location"] == "/it/community/profile/"
    assert Profile.objects.get(user=alice).language == "it"
    assert client.cookies[LANGUAGE_COOKIE].value == "it"


def test_the_pages_structured_data_says_its_language(condition):
    page = html(Client().get(f"/it/conditions/{condition.slug}/"))
    blocks = [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page)
    ]
    by_type = {block["@type"]: block for block in blocks}
    assert by_type["WebSite"]["inLanguage"] == "it" and by_type["WebSite"]["url"] == f"{settings.SITE_URL}/it/"
    assert by_type["WebPage"]["inLanguage"] == "it"
    assert by_type["WebPage"]["url"] == f"{settings.SITE_URL}/it/conditions/{condition.slug}/"
    assert by_type["MedicalCondition"]["name"] == condition.name


def test_the_api_follows_the_header_over_the_cookie(condition):
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = "de"
    response = client.get("/api/conditions/?q=hemo", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response["Content-Language"] == "fr"
    assert client.get("/api/conditions/?q=hemo", HTTP_ACCEPT_LANGUAGE="ja")["Content-Language"] == "en"


def test_an_address_too_long_to_send_back_is_answered_where_asked():
    response = Client().get("/conditions/", {"q": "enfermedad " * 2000}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200 and language_of(response) == "en"
