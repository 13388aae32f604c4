"""The article importer: `python manage.py import_article FILE...` reading causes articles in the seed format."""

from __future__ import annotations

from pathlib import Path

import pytest

from conditions.models import Article, ArticleDraft, ArticleSection, ArticleStatus, Condition
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind
from tests.conditions.importer_helpers import (
    AIH_SEED,
    BOILERPLATE,
    NH_HEADINGS,
    NH_SEED,
    NH_TOP_QUESTIONS,
    REPOSITORY,
    STANDARD_KINDS,
    fixture,
    headings,
    imported,
    kinds,
    row_counts,
    run_import,
    seed,
    snapshot,
    stored_texts,
    write,
)
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

# The reference seeds


def test_the_reference_articles_are_inside_the_repository():
    # A fresh clone has nothing beside it: every file the tests read lives in the repository.
    for name in (NH_SEED, AIH_SEED):
        assert seed(name).resolve().is_relative_to(REPOSITORY)


def test_seed_000_creates_and_publishes_its_condition_with_the_article():
    run_import(seed(NH_SEED))

    condition = imported("Neonatal Hemochromatosis")
    assert condition.is_published
    article = condition.articles.get(language="en")
    assert article.title == "Which are the causes of Neonatal Hemochromatosis?"
    assert article.status == ArticleStatus.PUBLISHED
    assert article.intro.startswith("Neonatal Hemochromatosis (NH) is a rare")
    assert headings(article) == NH_HEADINGS
    assert article.sections.first().body.startswith("One of the leading theories")
    assert article.conclusion.startswith("In conclusion")


def test_seed_000_top_questions_are_recognised_as_the_standard_ones_and_come_first_in_order():
    run_import(seed(NH_SEED))

    condition = imported("Neonatal Hemochromatosis")
    assert kinds(condition) == STANDARD_KINDS, "one question per standard kind, and no custom question"
    first_five = list(condition.questions.all()[:5])
    assert [(question.kind, question.text) for question in first_five] == NH_TOP_QUESTIONS


def test_seed_000_boilerplate_is_in_no_stored_field():
    run_import(seed(NH_SEED))

    texts = stored_texts(imported("Neonatal Hemochromatosis"))
    for phrase in BOILERPLATE:
        assert not [text for text in texts if phrase.lower() in text.lower()], phrase


def test_seed_003_title_is_normalised_and_the_repeated_title_dropped_from_the_intro():
    run_import(seed(AIH_SEED))

    condition = imported("Autoimmune hepatitis")
    assert condition.is_published
    article = condition.articles.get(language="en")
    assert article.title == "Which are the causes of Autoimmune hepatitis?"
    assert article.intro.startswith("Autoimmune hepatitis is a chronic condition")
    assert "what are the causes" not in article.intro.lower()
    assert article.conclusion.startswith("In summary")


def test_seed_003_paragraphs_without_headings_become_sections_with_empty_headings():
    run_import(seed(AIH_SEED))

    sections = list(imported("Autoimmune hepatitis").articles.get(language="en").sections.all())
    assert [section.heading for section in sections] == ["", "", "", ""]
    starts = ["Genetics appear", "Environmental triggers", "The immune system itself", "Hormonal factors"]
    for section, start in zip(sections, starts, strict=True):
        assert section.body.startswith(start)


def test_seed_003_without_questions_leaves_the_standard_set_in_its_default_order():
    run_import(seed(AIH_SEED))

    condition = imported("Autoimmune hepatitis")
    assert kinds(condition) == STANDARD_KINDS
    assert list(condition.questions.values_list("kind", flat=True)) == [s.kind for s in STANDARD_QUESTIONS]


# Idempotence and re-imports


def test_importing_the_same_files_twice_changes_nothing():
    run_import(seed(NH_SEED), seed(AIH_SEED))
    before, counts = snapshot(), row_counts()

    output = run_import(seed(NH_SEED), seed(AIH_SEED))

    assert "2 file(s): 0 created, 0 updated, 2 unchanged, 0 failed." in output
    assert row_counts() == counts
    assert snapshot() == before


def test_reimporting_an_edited_file_updates_the_article_in_place(tmp_path):
    run_import(seed(NH_SEED))
    article = imported("Neonatal Hemochromatosis").articles.get(language="en")
    new_line = "Genetic Factors: This cause was rewritten for the test."
    lines = [
        new_line if line.startswith("Genetic Factors:") else line
        for line in seed(NH_SEED).read_text(encoding="utf-8").splitlines()
    ]
    edited = write(tmp_path / "edited.txt", "\n".join(lines))

    output = run_import(edited)

    assert "0 created, 1 updated, 0 unchanged, 0 failed." in output
    assert Article.objects.count() == 1
    assert Article.objects.get().pk == article.pk
    assert headings(article) == NH_HEADINGS
    assert article.sections.get(heading="Genetic Factors").body == "This cause was rewritten for the test."


def test_importing_over_an_existing_article_replaces_its_sections(condition):
    assert headings(condition.articles.get(language="en")) == [
        "Maternal antibodies",
        "Iron overload",
        "Unknown factors",
    ]

    output = run_import(seed(NH_SEED))

    assert "0 created, 1 updated" in output
    assert Condition.objects.count() == 1
    assert Article.objects.count() == 1
    assert headings(condition.articles.get(language="en")) == NH_HEADINGS
    assert ArticleSection.objects.count() == len(NH_HEADINGS)


def test_existing_condition_is_found_case_insensitively_and_keeps_its_publish_flag():
    existing = ConditionFactory(name="Neonatal hemochromatosis", is_published=False)

    output = run_import(seed(NH_SEED))

    assert "condition found" in output
    assert Condition.objects.count() == 1
    existing.refresh_from_db()
    assert not existing.is_published
    assert existing.name == "Neonatal hemochromatosis"
    assert existing.articles.get(language="en").title == "Which are the causes of Neonatal hemochromatosis?"
    assert kinds(existing) == STANDARD_KINDS


def test_existing_condition_with_accented_letters_is_found_case_insensitively(tmp_path):
    existing = ConditionFactory(name="Sjögren's disease")
    shouting = (
        fixture("accented_title.txt").read_text(encoding="utf-8").replace("Sjögren's disease?", "SJÖGREN'S DISEASE?")
    )

    run_import(write(tmp_path / "shouting.txt", shouting))

    assert list(Condition.objects.values_list("name", flat=True)) == ["Sjögren's disease"]
    assert Article.objects.get().condition == existing


# Drafts


def test_draft_import_saves_a_draft_article_and_an_unpublished_condition(client, curator):
    run_import(seed(NH_SEED), draft=True)

    condition = imported("Neonatal Hemochromatosis")
    assert not condition.is_published
    assert condition.articles.get(language="en").status == ArticleStatus.DRAFT
    causes_url = f"/conditions/{condition.slug}/causes/"
    assert client.get(causes_url).status_code == 404
    client.force_login(curator)
    assert client.get(causes_url).status_code == 200


def edited_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = fixture(name).read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path / name, text.replace(old, new))


def test_a_draft_import_waits_beside_the_published_article_until_a_curator_publishes_it(client, curator, tmp_path):
    run_import(fixture("well_formed.txt"))
    condition = imported("Ventrel syndrome")
    article = condition.articles.get(language="en")
    causes_url = f"/conditions/{condition.slug}/causes/"
    version = Condition.objects.content_version(condition.slug)
    edited = edited_copy(tmp_path, "well_formed.txt", "Cold and damp homes:", "Mould in the bedroom:")

    output = run_import(edited, draft=True)

    assert "0 created, 1 updated" in output
    assert "draft waiting" in output
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert headings(article) == ["Family history", "Cold and damp homes", "Long illnesses in childhood"]
    assert Condition.objects.content_version(condition.slug) == version  # the cached pages stay valid
    page = client.get(causes_url)
    assert page.status_code == 200
    assert "Cold and damp homes" in page.content.decode()
    assert "Mould in the bedroom" not in page.content.decode()
    assert "0 created, 0 updated, 1 unchanged" in run_import(edited, draft=True)  # idempotent

    # The curator sees the waiting draft on the article's admin page, then publishes it from the list.
    client.force_login(curator)
    change_page = client.get(f"/admin/conditions/article/{article.pk}/change/").content.decode()
    assert "Mould in the bedroom" in change_page
    listing = client.get("/admin/conditions/article/").content.decode()
    assert "Draft waiting" in listing
    client.post("/admin/conditions/article/", {"action": "publish", "_selected_action": [article.pk]})
    client.logout()
    article.refresh_from_db()
    assert headings(article) == ["Family history", "Mould in the bedroom", "Long illnesses in childhood"]
    assert not ArticleDraft.objects.exists()
    assert "Mould in the bedroom" in client.get(causes_url).content.decode()


def test_a_draft_import_over_a_draft_article_updates_it(tmp_path):
    run_import(fixture("well_formed.txt"), draft=True)
    run_import(edited_copy(tmp_path, "well_formed.txt", "Cold and damp homes:", "Mould in the bedroom:"), draft=True)
    article = imported("Ventrel syndrome").articles.get(language="en")
    assert article.status == ArticleStatus.DRAFT
    assert "Mould in the bedroom" in headings(article)
    assert not ArticleDraft.objects.exists()


def test_a_published_import_leaves_a_waiting_draft_waiting(tmp_path):
    run_import(fixture("well_formed.txt"))
    run_import(edited_copy(tmp_path, "well_formed.txt", "Cold and damp homes:", "Mould in the bedroom:"), draft=True)
    run_import(edited_copy(tmp_path, "well_formed.txt", "Family history:", "Parents and grandparents:"))
    article = imported("Ventrel syndrome").articles.get(language="en")
    assert headings(article)[0] == "Parents and grandparents"
    assert [heading for heading, _ in article.waiting_draft.sections][1] == "Mould in the bedroom"


def test_published_import_shows_the_article_to_everyone(client):
    run_import(fixture("well_formed.txt"))

    response = client.get(f"/conditions/{imported('Ventrel syndrome').slug}/causes/")

    assert response.status_code == 200
    assert "Cold and damp homes" in response.content.decode()


# The project's own fixtures


def test_well_formed_fixture_gives_intro_sections_and_conclusion():
    run_import(fixture("well_formed.txt"))

    article = imported("Ventrel syndrome").articles.get(language="en")
    assert article.title == "Which are the causes of Ventrel syndrome?"
    paragraphs = article.intro.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Ventrel syndrome is a made-up condition")
    assert paragraphs[1].startswith("Nobody has pinned down")
    assert headings(article) == ["Family history", "Cold and damp homes", "Long illnesses in childhood"]
    assert article.sections.first().body.startswith("Several members say")
    assert article.conclusion.startswith("To sum up")


def test_alternative_wording_is_recognised_and_custom_question_created_once():
    run_import(fixture("well_formed.txt"))
    run_import(fixture("well_formed.txt"))

    condition = imported("Ventrel syndrome")
    assert kinds(condition) == sorted([*STANDARD_KINDS, QuestionKind.CUSTOM])
    custom = condition.questions.get(kind=QuestionKind.CUSTOM)
    assert custom.text == "Can children with Ventrel syndrome go to school?"
    first_three = [question.kind for question in condition.questions.all()[:3]]
    assert first_three == [QuestionKind.HEREDITARY, QuestionKind.CUSTOM, QuestionKind.CONTAGIOUS]


def test_byte_order_mark_and_windows_line_endings_read_the_same(tmp_path):
    text = fixture("well_formed.txt").read_text(encoding="utf-8")
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    run_import(windows)

    output = run_import(fixture("well_formed.txt"))

    assert "0 created, 0 updated, 1 unchanged" in output
    assert imported("Ventrel syndrome").articles.get(language="en").title == "Which are the causes of Ventrel syndrome?"


def test_accented_title_is_found_by_an_unaccented_search(client):
    run_import(fixture("accented_title.txt"))
    condition = imported("Sjögren's disease")
    assert condition.articles.get(language="en").title == "Which are the causes of Sjögren's disease?"

    response = client.get("/conditions/", {"q": "sjogren"})

    assert response.status_code == 200
    assert [c.name for c in response.context["conditions"]] == ["Sjögren's disease"]
    assert condition.get_absolute_url() in response.content.decode()
