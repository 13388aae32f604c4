"""Members' answers keep the language they were written in, chosen or recognised; a question's page shows
the reader's language first, each other answer marked with its own, and the API and the data export say it."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conditions.answer_languages import detect_language
from conditions.models import Answer, Question
from conditions.roles import Role
from tests.community.answers.helpers import answer_url, page
from tests.community.answers.test_answers import QUESTION_PAGE_QUERIES, add_answers
from tests.factories import client_for, make_member
from tests.languages import at

pytestmark = pytest.mark.django_db

SPANISH = (
    "Nadie pudo decirnos con seguridad qué lo causó en nuestra familia. Las pruebas genéticas tardaron meses "
    "y al final no lo aclararon."
)
FRENCH = (
    "Personne n'a pu nous dire avec certitude ce qui l'a causé dans notre famille. Les tests génétiques ont "
    "pris des mois et, à la fin, ils n'ont rien tranché."
)
GERMAN = (
    "Niemand konnte uns sicher sagen, was es in unserer Familie ausgelöst hat. Die genetischen Tests dauerten "
    "Monate und haben am Ende nichts geklärt."
)
ENGLISH = "Nobody could tell us for sure what caused it in our family. The genetic tests took months."
DUTCH = (
    "Wij hebben het pas na drie jaar ontdekt, en de artsen wisten eerst niet wat het was. Het helpt om met "
    "andere families te praten."
)


def post(user, question, text, language=None, page_language="en"):
    """The answer form posted from the question's page in `page_language`."""
    data = {"text": text} if language is None else {"text": text, "language": language}
    return client_for(user).post(at(page_language, answer_url(question)), data)


def spanish_page(client, question) -> str:
    response = client.get(at("es", question.get_absolute_url()))
    assert response.status_code == 200
    return response.content.decode()


def answer_texts(html: str) -> list[tuple[str, str]]:
    """(lang, first words) of each answer, in the page's order."""
    found = re.findall(r'<div class="answer__text" lang="([^"]*)">\s*<p>(.{0,20})', html)
    return [(lang, unescape(text)) for lang, text in found]


def language_labels(html: str) -> list[str]:
    return [unescape(label) for label in re.findall(r'<span class="answer__language">([^<]*)</span>', html)]


class TestRecognisedOrChosen:
    @pytest.mark.parametrize(("text", "language"), [(SPANISH, "es"), (FRENCH, "fr"), (GERMAN, "de")])
    def test_a_clearly_written_answer_left_at_the_pages_language_gets_its_own(
        self, alice, alice_on, treatment, text, language
    ):
        response = post(alice, treatment, text, language="en")  # the English page proposes English
        assert response.status_code == 302
        assert Answer.objects.get().language == language

    def test_an_answer_sent_without_a_language_is_recognised_too(self, alice, alice_on, treatment):
        post(alice, treatment, GERMAN)
        assert Answer.objects.get().language == "de"

    def test_a_language_the_member_chose_is_kept_whatever_the_text_looks_like(self, alice, alice_on, treatment):
        post(alice, treatment, SPANISH, language="ca")  # Catalan chosen on an English page
        assert Answer.objects.get().language == "ca"

    def test_another_language_can_be_chosen_and_is_shown_as_unknown_to_the_browser(
        self, client, alice, alice_on, treatment
    ):
        post(alice, treatment, DUTCH, language="other")
        assert Answer.objects.get().language == "other"
        html = spanish_page(client, treatment)
        assert answer_texts(html) == [("", "Wij hebben het pas n")]  # lang="": unknown, not Spanish
        assert language_labels(html) == ["En otro idioma"]

    @pytest.mark.parametrize("text", ["Sí, en mi familia.", "ok gracias", "Yes, sí, oui, ja: 1, 2, 3, 4, 5, 6, 7."])
    def test_a_short_or_mixed_answer_keeps_the_pages_language(self, alice, alice_on, treatment, text):
        post(alice, treatment, text, page_language="fr")
        assert Answer.objects.get().language == "fr"

    def test_text_in_a_language_the_site_does_not_have_is_not_mislabelled(self, alice, alice_on, treatment):
        post(alice, treatment, DUTCH, page_language="it")
        assert Answer.objects.get().language == "it"  # never "de": among the site's languages it is ambiguous

    def test_the_form_proposes_the_pages_language_then_the_answers_own(self, alice, alice_on, treatment):
        html = spanish_page(client_for(alice), treatment)
        assert re.search(r'<option value="es" selected>', html)
        assert html.count('id="id_language"') == 1  # one field, one label
        with translation.override("es"):
            assert translation.gettext("Language of your answer") in html
        post(alice, treatment, GERMAN, language="es", page_language="es")
        html = spanish_page(client_for(alice), treatment)
        assert re.search(r'<option value="de" selected>', html)  # editing keeps (or re-recognises) German

    def test_editing_left_as_proposed_recognises_the_new_text(self, alice, alice_on, treatment):
        post(alice, treatment, GERMAN, language="en")
        post(alice, treatment, FRENCH, language="de")  # German proposed (the answer's), left as it was
        assert Answer.objects.get().language == "fr"

    @pytest.mark.parametrize("forged", ["xx", "es-ES", "<script>", "e" * 500, "EN", "other\u200b", " "])
    def test_a_forged_language_is_refused(self, alice, alice_on, treatment, forged):
        response = post(alice, treatment, SPANISH, language=forged)
        assert response.status_code == 400
        assert not Answer.objects.exists()
        assert "Select a valid choice" in response.content.decode()

    def test_nul_characters_are_dropped_before_the_language_is_read(self, alice, alice_on, treatment):
        response = post(alice, treatment, "\x00".join(GERMAN.split(" ")), language="\x00fr\x00")
        assert response.status_code == 302  # diseasemaps/middleware.py drops control characters from forms
        answer = Answer.objects.get()
        assert answer.language == "fr"  # chosen, so kept
        assert "\x00" not in answer.text

    def test_recognition_is_the_same_every_time(self):
        assert {detect_language(FRENCH) for _ in range(20)} == {"fr"}
        assert detect_language("\x00" * 100) is None
        assert detect_language("https://example.org/" * 50) is None
        assert detect_language(SPANISH * 1000) == "es"  # reads the beginning of a long text only


class TestQuestionPage:
    @pytest.fixture
    def mixed(self, treatment, places) -> dict[str, Answer]:
        """Four answers: English most helpful, then Spanish, French, and a less helpful Spanish one."""
        answers = {}
        for n, (key, language, text, votes) in enumerate(
            [
                ("en", "en", ENGLISH, 9),
                ("es", "es", SPANISH, 5),
                ("fr", "fr", FRENCH, 3),
                ("es2", "es", "Otra respuesta en castellano, más corta.", 1),
            ]
        ):
            member = make_member(f"writer{n}", f"Writer {n}", places["valencia"])
            answer = Answer.objects.write(
                treatment,
                member.user,
                name=member.display_name,
                listed=True,
                role=Role.PATIENT,
                text=text,
                language=language,
                detect=False,
            )
            Answer.objects.filter(pk=answer.pk).update(helpful_count=votes)
            answers[key] = answer
        Question.objects.filter(pk=treatment.pk).touch()
        return answers

    def test_a_spanish_reader_sees_spanish_answers_first_then_the_others_most_helpful_first(
        self, client, mixed, treatment
    ):
        html = spanish_page(client, treatment)
        assert [lang for lang, _text in answer_texts(html)] == ["es", "es", "en", "fr"]
        assert answer_texts(html)[0] == ("es", "Nadie pudo decirnos ")

    def test_each_answer_in_another_language_is_marked_with_it_in_the_readers_language(self, client, mixed, treatment):
        html = spanish_page(client, treatment)
        with translation.override("es"):
            expected = [str(translation.gettext("In English")), str(translation.gettext("In French"))]
        assert language_labels(html) == expected

    def test_an_english_reader_sees_english_first_and_the_others_marked(self, client, mixed, treatment):
        html = page(client, treatment)
        assert [lang for lang, _text in answer_texts(html)] == ["en", "es", "fr", "es"]
        assert language_labels(html) == ["In Spanish", "In French", "In Spanish"]

    def test_a_reader_of_a_language_without_answers_sees_the_usual_order(self, client, mixed, treatment):
        response = client.get(at("de", treatment.get_absolute_url()))
        assert [lang for lang, _text in answer_texts(response.content.decode())] == ["en", "es", "fr", "es"]

    def test_each_language_has_its_own_cached_page(self, client, mixed, treatment):
        assert answer_texts(spanish_page(client, treatment))[0][0] == "es"
        assert answer_texts(page(client, treatment))[0][0] == "en"
        assert answer_texts(spanish_page(client, treatment))[0][0] == "es"

    @pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
    def test_query_count_does_not_grow_with_answers_in_several_languages(
        self, bob, mixed, treatment, places, signed_in, django_assert_max_num_queries
    ):

        client = client_for(bob) if signed_in else Client()
        add_answers(treatment, 30, places)
        with django_assert_max_num_queries(QUESTION_PAGE_QUERIES[signed_in]):
            assert client.get(at("es", treatment.get_absolute_url())).status_code == 200


class TestApiAndExport:
    def test_the_api_gives_each_answers_language_in_the_readers_order(self, client, mixed_api, treatment):
        url = reverse("api:question-answers", args=[treatment.pk])
        spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").json()["results"]
        assert [item["language"] for item in spanish] == ["es", "en"]
        english = client.get(url).json()["results"]
        assert [item["language"] for item in english] == ["en", "es"]

    def test_the_api_takes_a_chosen_language_and_refuses_a_forged_one(self, alice, alice_on, treatment):
        url = reverse("api:question-answers", args=[treatment.pk])
        api = client_for(alice)
        for forged in ["xx", "de\x00", "<script>", None]:
            response = api.post(url, {"text": SPANISH, "language": forged}, content_type="application/json")
            assert response.status_code == 400, forged
        response = api.post(url, {"text": SPANISH, "language": "pt"}, content_type="application/json")
        assert response.status_code == 201
        assert response.json()["language"] == "pt"
        response = api.post(url, {"text": FRENCH}, content_type="application/json", page_language="es")
        assert response.json()["language"] == "fr"  # left out: recognised

    def test_my_data_export_holds_my_answers_language(self, alice, alice_on, treatment):
        post(alice, treatment, GERMAN, language="en")
        response = client_for(alice).get(reverse("community:my_data"))
        data = json.loads(response.content)
        assert [answer["language"] for answer in data["answers"]] == ["de"]


@pytest.fixture
def mixed_api(alice, alice_on, bob, bob_on, treatment):
    post(alice, treatment, ENGLISH, language="en")
    post(bob, treatment, SPANISH, language="es")
    Answer.objects.filter(language="en").update(helpful_count=3)
