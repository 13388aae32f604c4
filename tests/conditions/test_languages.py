"""Conditions and their questions in several languages: names, search, the A–Z, the API, the
standard questions' wording, and the lookups that mean English whatever language is active."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from community.models import ConditionRequest
from community.models.condition_requests import condition_named
from conditions.catalogue import Catalogue, Disease, import_catalogue
from conditions.demo_content import DEMO_CONDITIONS
from conditions.demo_content_es import DEMO_CONDITIONS_ES
from conditions.grammar import guess_gender
from conditions.importer import attach_questions, find_or_create_condition
from conditions.models import Condition, Question
from conditions.question_wording import NBSP, standard_wording
from conditions.standard_questions import QuestionKind
from diseasemaps.management.commands.seed_demo import seed_condition
from tests.conditions.admin_helpers import add_inline_row, admin_form_data
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request's language stays active in the thread after it (LocaleMiddleware does not undo it)."""
    translation.activate("en")
    yield
    translation.activate("en")


WILSON_NAMES = {
    "name_es": "Enfermedad de Wilson",
    "name_fr": "Maladie de Wilson",
    "name_it": "Malattia di Wilson",
    "name_pt": "Doença de Wilson",
    "name_ca": "Malaltia de Wilson",
    "name_de": "Morbus Wilson",
}
MARFAN_NAMES = {
    "name_es": "Síndrome de Marfan",
    "name_fr": "Syndrome de Marfan",
    "name_it": "Sindrome di Marfan",
    "name_pt": "Síndrome de Marfan",
    "name_ca": "Síndrome de Marfan",
}


@pytest.fixture
def wilson():
    return ConditionFactory(
        name="Wilson disease",
        synonyms="Hepatolenticular degeneration",
        synonyms_es="Degeneración hepatolenticular",
        **WILSON_NAMES,
    )


@pytest.fixture
def marfan():
    return ConditionFactory(name="Marfan syndrome", **MARFAN_NAMES)


def text_of(condition, kind, language):
    return getattr(condition.questions.get(kind=kind), f"text_{language}")


class TestNames:
    def test_the_name_shows_in_the_active_language_and_falls_back_to_english(self, wilson):
        plain = ConditionFactory(name="Fabry disease")
        with translation.override("es"):
            assert Condition.objects.get(pk=wilson.pk).name == "Enfermedad de Wilson"
            assert Condition.objects.get(pk=plain.pk).name == "Fabry disease"
        with translation.override("de"):
            assert Condition.objects.get(pk=wilson.pk).name == "Morbus Wilson"
        assert Condition.objects.get(pk=wilson.pk).name == "Wilson disease"

    def test_a_condition_saved_while_spanish_is_active_keeps_its_english_columns(self, wilson):
        with translation.override("es"):
            condition = Condition.objects.get(pk=wilson.pk)
            condition.description = "Una enfermedad hereditaria del cobre."
            condition.save()
            created = Condition.objects.create(name="Gaucher disease")
        stored = Condition.objects.rewrite(False).values("name", "description", "initial").get(pk=wilson.pk)
        assert stored["name"] == "Wilson disease"
        assert stored["initial"] == "W"
        assert Condition.objects.get(pk=wilson.pk).description_es == "Una enfermedad hereditaria del cobre."
        assert created.name_en == "Gaucher disease"  # no condition lacks English
        assert created.slug == "gaucher-disease"

    def test_the_english_name_stays_unique_and_a_spanish_one_too(self, wilson):
        with pytest.raises(IntegrityError), transaction.atomic():
            ConditionFactory(name="Other", name_es="Enfermedad de Wilson")
        ConditionFactory(name="Another")  # conditions without a Spanish name are many
        ConditionFactory(name="And another")


class TestSearchInEveryLanguage:
    @pytest.mark.parametrize("language", ["en", "es", "fr", "de"])
    def test_a_spanish_name_finds_the_condition_whatever_the_language(self, wilson, language):
        ConditionFactory(name="Marfan syndrome")
        with translation.override(language):
            assert list(Condition.objects.search("enfermedad de wilson")) == [wilson]
            assert list(Condition.objects.search("degeneracion hepatolenticular")) == [wilson]
            assert list(Condition.objects.search("Morbus Wilson")) == [wilson]

    def test_a_misspelt_spanish_name_is_close_to_the_condition(self, wilson):
        with translation.override("fr"):
            assert list(Condition.objects.search("enfermedad de wilsno")) == [wilson]

    def test_search_text_holds_each_name_once(self, wilson):
        assert wilson.search_text.startswith("wilson disease | ")
        assert wilson.search_text.count("enfermedad de wilson") == 1
        assert "morbus wilson" in wilson.search_text

    def test_the_index_search_shows_the_visitors_names(self, client, wilson):
        response = client.get("/es/conditions/", {"q": "enfermedad de wilson"})
        assert "Enfermedad de Wilson" in response.text
        response = client.get("/conditions/", {"q": "enfermedad de wilson"})
        assert "Wilson disease" in response.text

    def test_the_api_answers_in_the_requests_language_each_cached_apart(self, client, wilson):
        spanish = client.get("/api/conditions/", {"q": "wilson"}, HTTP_ACCEPT_LANGUAGE="es").json()
        english = client.get("/api/conditions/", {"q": "wilson"}, HTTP_ACCEPT_LANGUAGE="en").json()
        assert spanish["results"][0]["name"] == "Enfermedad de Wilson"
        assert spanish["results"][0]["synonyms"] == ["Degeneración hepatolenticular"]
        assert english["results"][0]["name"] == "Wilson disease"

    def test_bad_queries_find_nothing_in_any_language(self, client, wilson):
        with translation.override("es"):
            assert not Condition.objects.search("\x00\x01")
            assert not Condition.objects.search("<script>alert(1)</script>")
        huge = client.get("/es/conditions/", {"q": "enfermedad " * 5000})
        assert huge.status_code == 200
        assert "Enfermedad de Wilson" in huge.text  # the first 100 characters are searched


class TestTheIndexInEachLanguage:
    def test_a_condition_is_filed_under_its_name_in_the_visitors_language(self, client, wilson):
        ConditionFactory(name="Eczema")
        spanish = client.get("/es/conditions/", {"letter": "e"}).text
        assert "Enfermedad de Wilson" in spanish
        assert spanish.index("Eczema") < spanish.index("Enfermedad de Wilson")
        english = client.get("/conditions/", {"letter": "w"}).text
        assert "Wilson disease" in english

    def test_the_letters_count_the_shown_names(self, wilson):
        with translation.override("es"):
            counts = Condition.objects.letter_counts()
        assert counts["E"] == 1
        assert "W" not in counts
        assert Condition.objects.letter_counts() == {"W": 1}

    def test_a_letter_page_costs_the_same_queries_in_spanish(self, client, django_assert_max_num_queries):
        for number in range(30):
            ConditionFactory(name=f"Example {number}", name_es=f"Ejemplo {number}")
        with django_assert_max_num_queries(4):  # session-free visitor: letters' counts, the page's rows (+ cache)
            client.get("/es/conditions/", {"letter": "e"})


class TestStandardQuestions:
    def test_wilson_disease_in_six_languages_feminine(self, wilson):
        assert text_of(wilson, QuestionKind.HEREDITARY, "es") == "¿Es hereditaria la enfermedad de Wilson?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "fr") == f"La maladie de Wilson est-elle héréditaire{NBSP}?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "it") == "La malattia di Wilson è ereditaria?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "pt") == "A doença de Wilson é hereditária?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "ca") == "És hereditària la malaltia de Wilson?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "de") == "Ist Morbus Wilson erblich?"
        assert text_of(wilson, QuestionKind.HEREDITARY, "en") == "Is Wilson disease hereditary?"
        assert text_of(wilson, QuestionKind.CAUSES, "es") == "¿Cuáles son las causas de la enfermedad de Wilson?"

    def test_marfan_syndrome_takes_each_languages_gender(self, marfan):
        assert text_of(marfan, QuestionKind.HEREDITARY, "es") == "¿Es hereditario el síndrome de Marfan?"
        assert text_of(marfan, QuestionKind.CAUSES, "es") == "¿Cuáles son las causas del síndrome de Marfan?"
        assert text_of(marfan, QuestionKind.HEREDITARY, "fr") == f"Le syndrome de Marfan est-il héréditaire{NBSP}?"
        assert text_of(marfan, QuestionKind.CAUSES, "fr") == f"Quelles sont les causes du syndrome de Marfan{NBSP}?"
        assert text_of(marfan, QuestionKind.HEREDITARY, "it") == "La sindrome di Marfan è ereditaria?"
        assert text_of(marfan, QuestionKind.HEREDITARY, "pt") == "A síndrome de Marfan é hereditária?"
        assert text_of(marfan, QuestionKind.CONTAGIOUS, "ca") == "És contagiosa la síndrome de Marfan?"

    def test_every_kind_has_a_wording_in_every_language(self, wilson):
        for question in wilson.questions.all():
            for language in ("es", "ca", "fr", "it", "pt", "de"):
                text = getattr(question, f"text_{language}")
                assert text and "{" not in text and "Wilson" in text, (question.kind, language)

    def test_elision_and_contractions(self):
        assert standard_wording(QuestionKind.CAUSES, "fr", "Hépatite auto-immune", "f") == (
            f"Quelles sont les causes de l'hépatite auto-immune{NBSP}?"
        )
        assert standard_wording(QuestionKind.CAUSES, "it", "Epatite autoimmune", "f") == (
            "Quali sono le cause dell'epatite autoimmune?"
        )
        assert standard_wording(QuestionKind.HEREDITARY, "it", "Morbo di Wilson", "m") == (
            "Il morbo di Wilson è ereditario?"
        )
        assert standard_wording(QuestionKind.TREATMENTS, "ca", "Trastorn bipolar", "m") == (
            "Quins són els millors tractaments per al trastorn bipolar?"
        )
        assert standard_wording(QuestionKind.CAUSES, "es", "ELA", "f") == "¿Cuáles son las causas de la ELA?"

    @pytest.mark.parametrize(
        ("name", "language", "gender"),
        [
            ("Enfermedad de Wilson", "es", "f"),
            ("Síndrome de Marfan", "es", "m"),
            ("Malaltia de Wilson", "ca", "f"),
            ("Síndrome de Marfan", "ca", "f"),
            ("Maladie de Wilson", "fr", "f"),
            ("Syndrome de Marfan", "fr", "m"),
            ("Malattia di Wilson", "it", "f"),
            ("Sindrome di Marfan", "it", "f"),
            ("Doença de Wilson", "pt", "f"),
            ("Síndrome de Marfan", "pt", "f"),
            ("Fenilcetonuria", "es", "f"),
            ("Lupus eritematoso", "es", "m"),
            ("Albinismo", "pt", "m"),
            ("Morbus Wilson", "de", ""),
        ],
    )
    def test_the_gender_is_guessed_from_the_head_noun(self, name, language, gender):
        assert guess_gender(name, language) == gender

    def test_a_curator_sets_the_gender_and_the_questions_follow(self, wilson):
        wilson.name_es = "Mal de Wilson"
        wilson.save()
        assert text_of(wilson, QuestionKind.HEREDITARY, "es") == "¿Es hereditario el mal de Wilson?"
        wilson.name_gender_es = "f"
        wilson.save()
        assert text_of(wilson, QuestionKind.HEREDITARY, "es") == "¿Es hereditaria la mal de Wilson?"

    def test_a_renamed_condition_rewords_its_questions_but_keeps_a_curators_wording(self, wilson):
        question = wilson.questions.get(kind=QuestionKind.CURE)
        question.text_es = "¿Se cura la enfermedad de Wilson?"
        question.save()
        wilson.name_es = "Degeneración hepatolenticular"
        wilson.name = "Hepatolenticular degeneration"
        wilson.save()
        assert text_of(wilson, QuestionKind.CAUSES, "es") == (
            "¿Cuáles son las causas de la degeneración hepatolenticular?"
        )
        assert text_of(wilson, QuestionKind.CAUSES, "en") == "Which are the causes of Hepatolenticular degeneration?"
        assert text_of(wilson, QuestionKind.CURE, "es") == "¿Se cura la enfermedad de Wilson?"
        assert wilson.questions.get(kind=QuestionKind.CAUSES).slug == "causes"

    def test_without_a_name_in_a_language_the_question_shows_in_english(self):
        condition = ConditionFactory(name="Fabry disease")
        assert text_of(condition, QuestionKind.HEREDITARY, "es") is None
        with translation.override("es"):
            assert condition.questions.get(kind=QuestionKind.HEREDITARY).text == "Is Fabry disease hereditary?"

    def test_removing_a_name_brings_back_the_english_question(self, wilson):
        wilson.name_es = ""
        wilson.save()
        assert text_of(wilson, QuestionKind.HEREDITARY, "es") is None

    def test_the_question_page_reads_in_the_visitors_language(self, client, wilson):
        url = wilson.questions.get(kind=QuestionKind.HEREDITARY).get_absolute_url()
        page = client.get(f"/es{url}").text
        assert "¿Es hereditaria la enfermedad de Wilson?" in page
        assert "Is Wilson disease hereditary?" in client.get(url).text

    def test_a_hostile_name_is_escaped_in_every_language(self, client):
        condition = ConditionFactory(name="Evil disease", name_es="Enfermedad <script>alert(1)</script>")
        page = client.get(f"/es{condition.get_absolute_url()}").text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page


class TestLookupsMeanEnglish:
    def test_the_importer_finds_the_condition_by_its_english_name_under_spanish(self, wilson, tmp_path):
        with translation.override("es"):
            found, created = find_or_create_condition("wilson disease", publish=True)
            assert (found.pk, created) == (wilson.pk, False)
            new, created = find_or_create_condition("Fabry disease", publish=True)
        assert created
        assert (new.name_en, new.name_es) == ("Fabry disease", None)

    def test_the_importers_questions_are_recognised_and_created_in_english(self, wilson):
        with translation.override("es"):
            created, _updated = attach_questions(wilson, ["Is Wilson disease hereditary?", "Does it itch?"])
        assert created == 1
        custom = wilson.questions.get(kind=QuestionKind.CUSTOM)
        assert (custom.text_en, custom.text_es) == ("Does it itch?", None)
        assert wilson.questions.get(kind=QuestionKind.HEREDITARY).position == 1

    def test_the_catalogue_matches_and_creates_in_english_under_spanish(self, wilson):
        catalogue = Catalogue("2026-01-01", [Disease("ORPHA", 905, "Wilson disease"), Disease("ORPHA", 324, "Fabry")])
        with translation.override("es"):
            outcome = import_catalogue(catalogue)
        assert (outcome.created, outcome.updated) == (1, 1)
        assert Condition.objects.get(pk=wilson.pk).orpha_code == "905"
        fabry = Condition.objects.get(orpha_code="324")
        assert (fabry.name_en, fabry.name_es) == ("Fabry", None)

    def test_a_merged_request_adds_an_english_synonym_under_spanish(self, wilson, curator, alice):
        asked = ConditionRequest.objects.ask(alice, "Copper storage disease", "", "")
        with translation.override("es"):
            asked.request.approve(curator, into=wilson)
        wilson.refresh_from_db()
        assert "Copper storage disease" in wilson.synonyms_en.splitlines()
        assert wilson.synonyms_es == "Degeneración hepatolenticular"
        assert "copper storage disease" in wilson.search_text

    def test_a_request_by_a_spanish_name_points_to_the_condition(self, wilson):
        assert condition_named("ENFERMEDAD DE WILSON") == wilson

    def test_an_approved_request_creates_an_english_condition_under_spanish(self, curator, alice):
        asked = ConditionRequest.objects.ask(alice, "Alström syndrome", "", "")
        with translation.override("es"):
            condition = asked.request.approve(curator)
        assert (condition.name_en, condition.name_es) == ("Alström syndrome", None)


class TestAdmin:
    def test_a_curator_writes_the_spanish_name_summary_and_gender(self, curator_client, wilson):
        url = reverse("admin:conditions_condition_change", args=[wilson.pk])
        page = curator_client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert 'name="name_es"' in page.text
        assert "ajax.googleapis.com" not in page.text
        data = admin_form_data(page)
        data.update(name_es="Degeneración hepatolenticular", description_es="Un resumen.", name_gender_es="f")
        response = curator_client.post(url, data, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 302, response.context["adminform"].form.errors
        wilson.refresh_from_db()
        assert (wilson.name_en, wilson.name_es, wilson.description_es) == (
            "Wilson disease",
            "Degeneración hepatolenticular",
            "Un resumen.",
        )
        assert text_of(wilson, QuestionKind.HEREDITARY, "es") == "¿Es hereditaria la degeneración hepatolenticular?"

    def test_a_curator_translates_a_custom_question(self, curator_client, wilson):
        question = Question.objects.create(condition=wilson, text="Does it itch?")
        url = reverse("admin:conditions_question_change", args=[question.pk])
        data = admin_form_data(curator_client.get(url))
        data["text_es"] = "¿Pica?"
        assert curator_client.post(url, data).status_code == 302
        question.refresh_from_db()
        assert (question.text_en, question.text_es) == ("Does it itch?", "¿Pica?")


class TestSpanishDemo:
    def test_every_demo_condition_has_a_spanish_name_synonyms_and_summary(self):
        assert set(DEMO_CONDITIONS_ES) == {entry["name"] for entry in DEMO_CONDITIONS}
        for spanish in DEMO_CONDITIONS_ES.values():
            assert spanish["name"] and spanish["synonyms"]
            assert 0 < len(spanish["description"]) <= Condition._meta.get_field("description").max_length

    def test_seeding_stores_the_spanish_and_words_the_questions(self):
        entry = next(entry for entry in DEMO_CONDITIONS if entry["name"] == "Ehlers-Danlos syndromes")
        seed_condition(entry)
        condition = Condition.objects.get(name_en="Ehlers-Danlos syndromes")
        assert condition.name_es == "Síndrome de Ehlers-Danlos"
        assert "SED" in condition.synonyms_es.splitlines()
        assert text_of(condition, QuestionKind.HEREDITARY, "es") == "¿Es hereditario el síndrome de Ehlers-Danlos?"
        assert list(Condition.objects.search("sindrome de ehlers danlos")) == [condition]


def test_a_question_added_in_the_inline_needs_its_english_wording(curator_client, wilson):
    url = reverse("admin:conditions_condition_change", args=[wilson.pk])
    data = admin_form_data(curator_client.get(url))
    add_inline_row(data, "questions", position=5, text_en="", slug="no-words")
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert not wilson.questions.filter(slug="no-words").exists()


def test_a_question_not_yet_worded_in_the_readers_language_is_marked_as_english(client, condition):
    """The world's condition has no Spanish name: its questions stay in English, and say so."""
    question = condition.questions.get(kind="hereditary")
    english = question.text
    page = client.get(f"/es{question.get_absolute_url()}").text
    assert f'<h1 lang="en">{english}</h1>' in page
    listing = client.get(f"/es/conditions/{condition.slug}/questions/").text
    assert f'lang="en">{english}</a>' in listing
    assert f"<h1>{english}</h1>" in client.get(question.get_absolute_url()).text  # English: no mark


def test_the_causes_heading_asks_in_the_readers_language_and_english_is_marked(client, condition):
    spanish_named = ConditionFactory(
        name="Wilson disease", name_es="Enfermedad de Wilson", description="Copper builds up."
    )
    page = client.get(f"/es{spanish_named.get_absolute_url()}").text
    assert '<h2 id="causes-heading">¿Cuáles son las causas de la enfermedad de Wilson?</h2>' in page
    assert '<p class="lead" lang="en">Copper builds up.</p>' in page  # no Spanish summary yet
    unnamed = client.get(f"/es{condition.get_absolute_url()}").text  # no Spanish name: in English, marked
    assert f'<h2 id="causes-heading" lang="en">Which are the causes of {condition.name}?</h2>' in unnamed
    assert '<span lang="en">Hemocromatosis neonatal, GALD</span>' in unnamed
    english = client.get(condition.get_absolute_url()).text
    assert f'<h2 id="causes-heading">Which are the causes of {condition.name}?</h2>' in english
