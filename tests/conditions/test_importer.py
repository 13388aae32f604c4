"""The article importer: `python manage.py import_article FILE...` reading causes articles in the seed format."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conditions.models import Article, ArticleDraft, ArticleSection, ArticleStatus, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / "tests" / "fixtures" / "articles"
# Two reference pages in the seed format, byte for byte as the original site served them.
NH_SEED = "neonatal_hemochromatosis_reference.txt"
AIH_SEED = "autoimmune_hepatitis_reference.txt"

NH_HEADINGS = [
    "Maternal-Fetal Alloimmune Reaction",
    "Genetic Factors",
    "Environmental Triggers",
    "Maternal Health Conditions",
    "Unknown Factors",
]
NH_TOP_QUESTIONS = [
    (QuestionKind.LIFE_EXPECTANCY, "What is the life expectancy of someone with Neonatal Hemochromatosis?"),
    (QuestionKind.CELEBRITIES, "Celebrities with Neonatal Hemochromatosis"),
    (QuestionKind.HEREDITARY, "Is Neonatal Hemochromatosis hereditary?"),
    (QuestionKind.CONTAGIOUS, "Is Neonatal Hemochromatosis contagious?"),
    (QuestionKind.NATURAL_TREATMENT, "Is there any natural treatment for Neonatal Hemochromatosis?"),
]
BOILERPLATE = [
    "See some of the causes",
    "by Diseasemaps",
    "World map",
    "There are 36 people in the map",
    "View more questions",
]
STANDARD_KINDS = sorted(standard.kind for standard in STANDARD_QUESTIONS)


# Helpers


def seed(name: str) -> Path:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"reference article {path} is missing from tests/fixtures/articles/")
    return path


def fixture(name: str) -> Path:
    return FIXTURES / name


def run_import(*paths: Path | str, draft: bool = False, verbosity: int = 1) -> str:
    """Run the command; return what it printed on stdout."""
    stdout, stderr = io.StringIO(), io.StringIO()
    options = ["--draft"] if draft else []
    call_command(
        "import_article",
        *map(str, paths),
        *options,
        verbosity=verbosity,
        no_color=True,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue()


def failed_import(*paths: Path | str) -> tuple[str, str]:
    """Run the command expecting a CommandError; return the error's message and what went to stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_article", *map(str, paths), no_color=True, stdout=stdout, stderr=stderr)
    return str(raised.value), stderr.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Condition, Article, ArticleSection, Question)}


def snapshot() -> dict[str, list]:
    """Every row the importer may touch, with the fields that show a change."""
    return {
        "conditions": list(
            Condition.objects.order_by("pk").values_list("pk", "name", "slug", "is_published", "updated_at")
        ),
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk", "condition_id", "title", "intro", "conclusion", "status", "published_at", "updated_at"
            )
        ),
        "sections": list(
            ArticleSection.objects.order_by("pk").values_list("pk", "article_id", "position", "heading", "body")
        ),
        "questions": list(
            Question.objects.order_by("pk").values_list("pk", "condition_id", "kind", "text", "slug", "position")
        ),
    }


def imported(name: str) -> Condition:
    return Condition.objects.get(name=name)


def headings(article: Article) -> list[str]:
    return [section.heading for section in article.sections.all()]


def stored_texts(condition: Condition) -> list[str]:
    article = condition.causes_article
    sections = [text for section in article.sections.all() for text in (section.heading, section.body)]
    questions = list(condition.questions.values_list("text", flat=True))
    fields = [condition.name, condition.synonyms, condition.description]
    return [*fields, article.title, article.intro, article.conclusion, article.byline, *sections, *questions]


def kinds(condition: Condition) -> list[str]:
    return sorted(condition.questions.values_list("kind", flat=True))


def assert_reported(stderr: str, path: Path | str, line: int, message: str = "") -> None:
    """The command wrote "PATH:LINE: message" for this file."""
    pattern = rf"^{re.escape(str(path))}:{line}: .*{re.escape(message)}"
    assert re.search(pattern, stderr, re.MULTILINE), f"no “{path}:{line}: …{message}” in:\n{stderr}"


# The reference seeds


def test_the_reference_articles_are_inside_the_repository():
    # A fresh clone has nothing beside it: every file the tests read lives in the repository.
    for name in (NH_SEED, AIH_SEED):
        assert seed(name).resolve().is_relative_to(REPOSITORY)


def test_seed_000_creates_and_publishes_its_condition_with_the_article():
    run_import(seed(NH_SEED))

    condition = imported("Neonatal Hemochromatosis")
    assert condition.is_published
    article = condition.causes_article
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
    article = condition.causes_article
    assert article.title == "Which are the causes of Autoimmune hepatitis?"
    assert article.intro.startswith("Autoimmune hepatitis is a chronic condition")
    assert "what are the causes" not in article.intro.lower()
    assert article.conclusion.startswith("In summary")


def test_seed_003_paragraphs_without_headings_become_sections_with_empty_headings():
    run_import(seed(AIH_SEED))

    sections = list(imported("Autoimmune hepatitis").causes_article.sections.all())
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
    article = imported("Neonatal Hemochromatosis").causes_article
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
    assert headings(condition.causes_article) == ["Maternal antibodies", "Iron overload", "Unknown factors"]

    output = run_import(seed(NH_SEED))

    assert "0 created, 1 updated" in output
    assert Condition.objects.count() == 1
    assert Article.objects.count() == 1
    assert headings(condition.causes_article) == NH_HEADINGS
    assert ArticleSection.objects.count() == len(NH_HEADINGS)


def test_existing_condition_is_found_case_insensitively_and_keeps_its_publish_flag():
    existing = ConditionFactory(name="Neonatal hemochromatosis", is_published=False)

    output = run_import(seed(NH_SEED))

    assert "condition found" in output
    assert Condition.objects.count() == 1
    existing.refresh_from_db()
    assert not existing.is_published
    assert existing.name == "Neonatal hemochromatosis"
    assert existing.causes_article.title == "Which are the causes of Neonatal hemochromatosis?"
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
    assert condition.causes_article.status == ArticleStatus.DRAFT
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
    article = condition.causes_article
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
    article = imported("Ventrel syndrome").causes_article
    assert article.status == ArticleStatus.DRAFT
    assert "Mould in the bedroom" in headings(article)
    assert not ArticleDraft.objects.exists()


def test_a_published_import_leaves_a_waiting_draft_waiting(tmp_path):
    run_import(fixture("well_formed.txt"))
    run_import(edited_copy(tmp_path, "well_formed.txt", "Cold and damp homes:", "Mould in the bedroom:"), draft=True)
    run_import(edited_copy(tmp_path, "well_formed.txt", "Family history:", "Parents and grandparents:"))
    article = imported("Ventrel syndrome").causes_article
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

    article = imported("Ventrel syndrome").causes_article
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
    assert imported("Ventrel syndrome").causes_article.title == "Which are the causes of Ventrel syndrome?"


def test_accented_title_is_found_by_an_unaccented_search(client):
    run_import(fixture("accented_title.txt"))
    condition = imported("Sjögren's disease")
    assert condition.causes_article.title == "Which are the causes of Sjögren's disease?"

    response = client.get("/conditions/", {"q": "sjogren"})

    assert response.status_code == 200
    assert [c.name for group in response.context["groups"] for c in group.conditions] == ["Sjögren's disease"]
    assert condition.get_absolute_url() in response.content.decode()


# Malformed files: a "PATH:LINE: message" for the file, a CommandError, and nothing written


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("empty.txt", 1, "empty"),
        ("no_title.txt", 1, "expected a title"),
        ("title_only.txt", 1, "no text"),
        ("title_and_boilerplate_only.txt", 1, "no text"),
        ("starts_with_section.txt", 3, "starts with a section"),
    ],
)
def test_malformed_fixture_is_reported_with_its_line_and_writes_nothing(name, line, message):
    counts = row_counts()

    error, stderr = failed_import(fixture(name))

    assert "1 failed" in error
    assert_reported(stderr, fixture(name), line, message)
    assert row_counts() == counts


def test_command_error_names_the_failed_file_and_line():
    path = fixture("starts_with_section.txt")

    error, _stderr = failed_import(path)

    assert f"{path}:3: " in error


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Which are the causes of X?\n\xff\xfe bad")
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 2, "not UTF-8")
    assert row_counts() == counts


def test_non_utf8_error_line_counts_lines_after_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom-then-latin.txt"
    path.write_bytes(b"\xef\xbb\xbfWhich are the causes of X?\n\xff bad\n")

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 2, "not UTF-8")


def test_file_over_a_million_bytes_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    head = b"Which are the causes of Huge file disease?\n\n"
    path.write_bytes(head + b"x" * (1_000_001 - len(head)))
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 1, "1,000,001 bytes")
    assert row_counts() == counts


def test_file_of_exactly_a_million_bytes_is_accepted(tmp_path):
    path = tmp_path / "largest.txt"
    head = b"Which are the causes of Largest file disease?\n\n"
    path.write_bytes((head + b"word " * ((1_000_000 - len(head)) // 5)).ljust(1_000_000, b"x"))
    assert path.stat().st_size == 1_000_000

    run_import(path)

    assert imported("Largest file disease").causes_article.intro.startswith("word word")


def test_missing_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "no-such-article.txt"
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert re.search(rf"^{re.escape(str(path))}: cannot be read", stderr, re.MULTILINE), stderr
    assert row_counts() == counts


def test_a_bad_file_does_not_stop_the_good_one(tmp_path):
    bad = write(tmp_path / "bad.txt", "Which are the causes of Halfwritten disease?\n\nFirst cause: no intro here.\n")

    error, stderr = failed_import(bad, fixture("well_formed.txt"))

    assert "2 file(s): 1 created, 0 updated, 0 unchanged, 1 failed." in error
    assert_reported(stderr, bad, 3, "starts with a section")
    assert not Condition.objects.filter(name__icontains="Halfwritten").exists()
    assert imported("Ventrel syndrome").causes_article.sections.count() == 3


# Abuse


def test_markup_in_a_condition_name_is_stored_and_shown_as_plain_text(client):
    run_import(fixture("script_in_name.txt"))
    condition = imported("<script>alert(1)</script> syndrome")

    for url in (condition.get_absolute_url(), f"/conditions/{condition.slug}/causes/"):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in content, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content, url


def test_condition_name_over_200_characters_is_refused_with_its_line(tmp_path):
    path = write(tmp_path / "long.txt", f"\n\nWhich are the causes of {'x' * 201}?\n\nSome introduction.\n")
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 3, "longer than 200 characters")
    assert row_counts() == counts


def test_condition_name_of_exactly_200_characters_is_accepted(tmp_path):
    name = "L" + "o" * 199
    run_import(write(tmp_path / "long.txt", f"Which are the causes of {name}?\n\nSome introduction.\n"))

    assert imported(name).causes_article.title == f"Which are the causes of {name}?"


def test_top_question_longer_than_a_question_can_be_is_refused_with_its_line(tmp_path):
    too_long = "Why " + "really " * 50 + "?"
    text = f"Which are the causes of Ventrel syndrome?\n\nSome introduction.\n\nTop questions\n\n{too_long}\n"
    path = write(tmp_path / "long-question.txt", text)
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 7)
    assert row_counts() == counts


def test_listing_the_same_question_twice_still_makes_the_second_import_a_no_op(tmp_path):
    questions = "Is Ventrel syndrome hereditary?\n\nIs Ventrel syndrome genetic?\n"
    text = f"Which are the causes of Ventrel syndrome?\n\nSome introduction.\n\nTop questions\n\n{questions}"
    path = write(tmp_path / "twice.txt", text)
    run_import(path)

    output = run_import(path)

    assert "0 created, 0 updated, 1 unchanged" in output


# What the command prints


def test_command_prints_a_line_per_file_then_a_one_line_summary():
    path = fixture("well_formed.txt")

    first = run_import(path).splitlines()
    second = run_import(path).splitlines()

    assert first[0].startswith(f"{path}: Ventrel syndrome: condition created, article created")
    assert first[-1] == "1 file(s): 1 created, 0 updated, 0 unchanged, 0 failed."
    assert second == [
        f"{path}: Ventrel syndrome: condition found, article unchanged",
        "1 file(s): 0 created, 0 updated, 1 unchanged, 0 failed.",
    ]


def test_quiet_command_prints_only_the_summary():
    output = run_import(fixture("well_formed.txt"), seed(AIH_SEED), verbosity=0)

    assert output.splitlines() == ["2 file(s): 2 created, 0 updated, 0 unchanged, 0 failed."]
