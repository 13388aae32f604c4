"""What the importer tests share: the reference seeds, running the import command, and reading what it stored."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conditions.models import Article, ArticleSection, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind

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


def seed(name: str) -> Path:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"reference article {path} is missing from tests/fixtures/articles/")
    return path


def fixture(name: str) -> Path:
    return FIXTURES / name


def run_import(*paths: Path | str, draft: bool = False, verbosity: int = 1, language: str | None = None) -> str:
    """Run the command; return what it printed on stdout."""
    stdout, stderr = io.StringIO(), io.StringIO()
    options = ["--draft"] if draft else []
    options += ["--language", language] if language else []
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


def failed_import(*paths: Path | str, language: str | None = None) -> tuple[str, str]:
    """Run the command expecting a CommandError; return the error's message and what went to stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    options = ["--language", language] if language is not None else []
    with pytest.raises(CommandError) as raised:
        call_command("import_article", *map(str, paths), *options, no_color=True, stdout=stdout, stderr=stderr)
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
    article = condition.articles.get(language="en")
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
