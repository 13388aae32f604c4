"""`import_article --language es FILE`: a translation of an existing condition's article, in the
seed format written in that language."""

from __future__ import annotations

import pytest

from conditions.importer import parse_article
from conditions.models import ArticleDraft, ArticleStatus
from tests.conditions.importer_helpers import failed_import, fixture, row_counts, run_import, snapshot, write

pytestmark = pytest.mark.django_db

SPANISH_SEED = "es_neonatal_hemochromatosis.txt"


def test_a_spanish_file_becomes_the_spanish_article_of_the_condition_it_names(condition):
    english_before = snapshot()["sections"]
    output = run_import(fixture(SPANISH_SEED), language="es")

    spanish = condition.articles.get(language="es")
    assert spanish.title == "¿Cuáles son las causas de la hemocromatosis neonatal?"
    assert spanish.status == ArticleStatus.PUBLISHED
    assert spanish.intro.startswith("La hemocromatosis neonatal es una enfermedad rara")
    assert [heading for heading, _body in spanish.section_pairs()] == [
        "Una reacción inmunitaria en el embarazo",
        "El hierro como consecuencia",
        "Lo que todavía no se sabe",
    ]
    assert spanish.conclusion.startswith("En resumen,")
    for boilerplate in ("Ver algunas", "por Diseasemaps", "Preguntas principales", "Mapa mundial", "Hay 12"):
        assert boilerplate not in " ".join([spanish.intro, spanish.conclusion, *map(str, spanish.section_pairs())])
    english = condition.articles.get(language="en")
    assert [s for s in snapshot()["sections"] if s[1] == english.pk] == english_before
    assert "es article created" in output


def test_a_translation_leaves_the_conditions_questions_alone(condition):
    questions = list(condition.questions.values_list("pk", "text", "position"))
    run_import(fixture(SPANISH_SEED), language="es")
    assert list(condition.questions.values_list("pk", "text", "position")) == questions


def test_importing_a_translation_twice_changes_nothing(condition):
    run_import(fixture(SPANISH_SEED), language="es")
    before = snapshot()
    output = run_import(fixture(SPANISH_SEED), language="es")
    assert snapshot() == before
    assert "0 created, 0 updated, 1 unchanged" in output


def test_a_draft_reimport_waits_beside_the_published_translation_only(condition, tmp_path):
    run_import(fixture(SPANISH_SEED), language="es")
    english = condition.articles.get(language="en")
    english_row = [row for row in snapshot()["articles"] if row[0] == english.pk]
    changed = write(
        tmp_path / "es.txt", fixture(SPANISH_SEED).read_text().replace("La hemocromatosis", "Esta hemocromatosis", 1)
    )

    run_import(changed, language="es", draft=True)

    spanish = condition.articles.get(language="es")
    assert spanish.intro.startswith("La hemocromatosis")  # the public keeps the published one
    assert spanish.waiting_draft.intro.startswith("Esta hemocromatosis")
    assert list(ArticleDraft.objects.values_list("article__language", flat=True)) == ["es"]
    assert [row for row in snapshot()["articles"] if row[0] == english.pk] == english_row


def test_a_translation_finds_its_condition_by_an_english_name_too(condition, tmp_path):
    text = (
        fixture(SPANISH_SEED)
        .read_text()
        .replace("¿Cuáles son las causas de la hemocromatosis neonatal?", "¿Cuáles son las causas de GALD?")
    )
    run_import(write(tmp_path / "gald.txt", text), language="es")
    assert condition.articles.get(language="es").title == "¿Cuáles son las causas de GALD?"


def test_a_translation_of_an_unknown_condition_is_refused_naming_the_file(condition):
    before = row_counts()
    path = fixture("es_unknown_condition.txt")
    message, stderr = failed_import(path, language="es")
    assert f"{path}:1: no condition is called “La enfermedad de Nadie”" in message
    assert str(path) in stderr
    assert row_counts() == before


@pytest.mark.parametrize("language", ["xx", "EN-gb", "<script>alert(1)</script>", "es\x00", "e" * 5000, ""])
def test_a_language_that_is_not_the_sites_is_refused_naming_the_file(condition, language):
    before = snapshot()
    path = fixture(SPANISH_SEED)
    message, _stderr = failed_import(path, language=language)
    assert f"{path}: " in message
    assert "is not one of the site's languages (en, es, ca, fr, it, pt, de)" in message
    assert "\x00" not in message
    assert len(message) < 1000
    assert snapshot() == before


def test_an_english_file_imported_as_spanish_says_which_title_it_expected(condition):
    message, _stderr = failed_import(fixture("well_formed.txt"), language="es")
    assert "expected a title like “¿Cuáles son las causas de X?”" in message


def test_the_english_import_is_unchanged_by_the_option(db):
    run_import(fixture("well_formed.txt"), language="en")
    run_import(fixture("well_formed.txt"))
    assert snapshot()["articles"][0][2] == "Which are the causes of Ventrel syndrome?"
    assert len(snapshot()["articles"]) == 1


@pytest.mark.parametrize(
    ("language", "title", "conclusion"),
    [
        ("fr", "Quelles sont les causes de l'hémochromatose néonatale ?", "En résumé, plusieurs causes."),
        ("de", "Was sind die Ursachen von Neonatale Hämochromatose?", "Zusammenfassend, mehrere Ursachen."),
        ("it", "Quali sono le cause dell'emocromatosi neonatale?", "In conclusione, diverse cause."),
        ("pt", "Quais são as causas da hemocromatose neonatal?", "Em resumo, várias causas."),
        ("ca", "Quines són les causes de l'hemocromatosi neonatal?", "En resum, diverses causes."),
    ],
)
def test_the_other_languages_read_their_own_titles_and_conclusions(tmp_path, db, language, title, conclusion):
    path = write(tmp_path / f"{language}.txt", f"{title}\n\nIntro.\n\nUna: causa.\n\n{conclusion}\n")
    parsed = parse_article(path, language)
    assert parsed.title == title
    assert parsed.sections == [("Una", "causa.")]
    assert parsed.conclusion == conclusion
