"""Read causes articles in the seed format (see README.md, "Importing articles") and save them.

The format, line by line (blank lines separate nothing; every non-blank line is a paragraph):

    Which are the causes of X?                        <- title, gives the condition
    See some of the causes of X according to ...      <- boilerplate, dropped
    Intro paragraph(s)
    Heading: text                                     <- one cause section per paragraph
    In conclusion, ...                                <- conclusion
    by Diseasemaps                                    <- dropped
    Top questions                                     <- then one question per line
    View more questions of X                          <- dropped
    World map of X ... There are N people in the map  <- the map block, dropped

A translation (`--language es`) has the same shape in its language ("¿Cuáles son las causas de X?",
"En conclusión, ...", "Preguntas principales", ...; see conditions/seed_words.py). Its title names a condition that
already exists, by its name or one of its other names in any language; its questions are left to the
condition, whose questions are translated with it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from conditions.languages import LANGUAGES, SOURCE
from conditions.models import Article, ArticleDraft, ArticleStatus, Condition, Question
from conditions.seed_words import SEED_WORDS, SeedWords
from conditions.standard_questions import QuestionKind, normalise_question, recognise
from conditions.text import fold

MAX_FILE_BYTES = 1_000_000
MAX_NAME_LENGTH = Condition._meta.get_field("name").max_length
MAX_HEADING_LENGTH = 80
MAX_QUESTION_LENGTH = Question._meta.get_field("text").max_length
MAX_TITLE_LENGTH = Article._meta.get_field("title").max_length
DRAFT_WAITING = "draft waiting"  # save_article's outcome for a draft kept beside a published article

# "Heading: text", where the heading is a short phrase, not the start of a sentence.
SECTION = re.compile(rf"^(?P<heading>[^:.!?]{{2,{MAX_HEADING_LENGTH}}}):\s+(?P<body>\S.*)$")


class ImportFormatError(Exception):
    """What is wrong with a file, as "PATH:LINE: message" (or "PATH: message" for the whole file)."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass
class Paragraph:
    line: int
    text: str


@dataclass
class ParsedArticle:
    condition_name: str
    title: str
    intro: str
    sections: list[tuple[str, str]]
    conclusion: str
    questions: list[Paragraph] = field(default_factory=list)
    language: str = SOURCE
    title_line: int = 1
    byline: str = ""  # the article's default when empty


def read_paragraphs(path: Path) -> list[Paragraph]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFormatError(path, 1, f"the file is {size:,} bytes; articles are at most {MAX_FILE_BYTES:,}")
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    except OSError as error:
        raise ImportFormatError(path, None, f"cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFormatError(path, data[: error.start].count(b"\n") + 1, "the file is not UTF-8 text") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Paragraph(number, " ".join(line.split())) for number, line in enumerate(lines, 1) if line.strip()]


def check_language(path: Path | str, language: str) -> None:
    if language not in SEED_WORDS or language not in LANGUAGES:
        shown = "".join(char if char.isprintable() else "?" for char in language[:20])
        raise ImportFormatError(path, None, f"“{shown}” is not one of the site's languages ({', '.join(LANGUAGES)})")


def parse_article(path: Path, language: str = SOURCE) -> ParsedArticle:
    check_language(path, language)
    words = SEED_WORDS[language]
    paragraphs = read_paragraphs(path)
    if not paragraphs:
        raise ImportFormatError(path, 1, "the file is empty")
    first = paragraphs[0]
    title = words.compiled("title").match(first.text)
    if not title:
        raise ImportFormatError(
            path, first.line, f"expected a title like “{words.example_title}”, found “{first.text[:80]}”"
        )
    name = title["name"].strip()
    name = name[:1].upper() + name[1:]
    if len(name) > MAX_NAME_LENGTH:
        raise ImportFormatError(path, first.line, f"the condition name is longer than {MAX_NAME_LENGTH} characters")

    body, questions = split_blocks(paragraphs[1:], words)
    for question in questions:
        if len(question.text) > MAX_QUESTION_LENGTH:
            raise ImportFormatError(path, question.line, f"a question is at most {MAX_QUESTION_LENGTH} characters")
    body = drop_repeated_title(body, first.text)
    if not body:
        raise ImportFormatError(path, first.line, "the article has a title but no text")
    intro, sections, conclusion = split_body(path, body, words)
    source = language == SOURCE
    if not source and len(first.text) > MAX_TITLE_LENGTH:
        raise ImportFormatError(path, first.line, f"the title is longer than {MAX_TITLE_LENGTH} characters")
    return ParsedArticle(
        condition_name=name,
        title=f"Which are the causes of {name}?" if source else first.text,
        intro=intro,
        sections=sections,
        conclusion=conclusion,
        questions=questions if source else [],
        language=language,
        title_line=first.line,
    )


def split_blocks(paragraphs: list[Paragraph], words: SeedWords) -> tuple[list[Paragraph], list[Paragraph]]:
    """Separate the article text from the "Top questions" list, dropping boilerplate."""
    body: list[Paragraph] = []
    questions: list[Paragraph] = []
    block = "body"
    world_map, top_questions, view_more = (words.compiled(name) for name in ("world_map", "top_questions", "view_more"))
    dropped = [words.compiled(name) for name in ("see_some", "byline", "people_in_map")]
    for paragraph in paragraphs:
        text = paragraph.text
        if world_map.match(text):
            block = "map"
        elif top_questions.match(text):
            block = "questions"
        elif block == "map" or any(pattern.match(text) for pattern in dropped):
            continue
        elif view_more.match(text):
            block = "after-questions"
        elif block == "questions":
            questions.append(paragraph)
        elif block == "body":
            body.append(paragraph)
    return body, questions


def drop_repeated_title(body: list[Paragraph], title: str) -> list[Paragraph]:
    """Some pages repeat the title at the start of the first paragraph; keep only the text."""
    if body and body[0].text.lower().startswith(title.lower()):
        rest = body[0].text[len(title) :].strip()
        return ([Paragraph(body[0].line, rest)] if rest else []) + body[1:]
    return body


def split_body(path: Path, body: list[Paragraph], words: SeedWords) -> tuple[str, list[tuple[str, str]], str]:
    conclusion = ""
    if len(body) > 1 and words.compiled("conclusion").match(body[-1].text):
        conclusion = body.pop().text
    headed = [SECTION.match(paragraph.text) for paragraph in body]
    first_heading = next((index for index, match in enumerate(headed) if match), None)
    # The intro is every paragraph before the first "Heading: text" (or just the first paragraph).
    intro_end = first_heading if first_heading else 1
    if first_heading == 0:
        raise ImportFormatError(
            path, body[0].line, "the article starts with a section; an introduction must come first"
        )
    intro = "\n\n".join(paragraph.text for paragraph in body[:intro_end])
    sections = []
    for paragraph, match in zip(body[intro_end:], headed[intro_end:], strict=True):
        if match:
            sections.append((match["heading"].strip(), match["body"].strip()))
        else:
            sections.append(("", paragraph.text))
    return intro, sections, conclusion


@dataclass
class ImportResult:
    path: str
    condition: Condition
    condition_created: bool = False
    article: str = "unchanged"  # created, updated, unchanged or DRAFT_WAITING
    questions_created: int = 0
    questions_updated: int = 0
    language: str = SOURCE

    @property
    def outcome(self) -> str:
        """created, updated or unchanged, for the command's summary."""
        if self.condition_created or self.article == "created":
            return "created"
        if self.article in ("updated", DRAFT_WAITING) or self.questions_created or self.questions_updated:
            return "updated"
        return "unchanged"

    def describe(self) -> str:
        article = (
            "new version saved as a draft waiting beside the published article"
            if self.article == DRAFT_WAITING
            else f"article {self.article}"
        )
        if self.language != SOURCE:
            article = f"{self.language} {article}"
        parts = [f"condition {'created' if self.condition_created else 'found'}", article]
        if self.questions_created or self.questions_updated:
            parts.append(f"{self.questions_created} questions added, {self.questions_updated} reordered")
        return f"{self.path}: {self.condition.name}: " + ", ".join(parts)


def import_article(path: Path, *, draft: bool = False, language: str = SOURCE) -> ImportResult:
    """Parse then save one file in one transaction: all of it, or nothing. A translation
    (`language` other than English) goes to a condition that exists, and only to its article in
    that language."""
    parsed = parse_article(path, language)
    with transaction.atomic():
        if language != SOURCE:
            condition = find_translated_condition(path, parsed)
            result = ImportResult(str(path), condition, language=language)
            result.article = save_article(condition, parsed, draft=draft)
            return result
        condition, created = find_or_create_condition(parsed.condition_name, publish=not draft)
        result = ImportResult(str(path), condition, condition_created=created)
        parsed.title = f"Which are the causes of {condition.name_en}?"
        result.article = save_article(condition, parsed, draft=draft)
        texts = [question.text for question in parsed.questions]
        result.questions_created, result.questions_updated = attach_questions(condition, texts)
    return result


def find_translated_condition(path: Path, parsed: ParsedArticle) -> Condition:
    """The condition a translation's title names: by its name or one of its other names, ignoring
    case, accents and an article before the name ("la hemocromatosis neonatal")."""
    name = parsed.condition_name
    words = SEED_WORDS[parsed.language]
    bare = next((name[len(article) :] for article in words.articles if name.lower().startswith(article)), name)
    wanted = {fold(name), fold(bare)} - {""}
    for folded in wanted:
        for candidate in Condition.objects.filter(search_text__contains=folded).only("search_text"):
            if folded in candidate.search_text.split(" | "):
                return Condition.objects.get(pk=candidate.pk)
    raise ImportFormatError(
        path,
        parsed.title_line,
        f"no condition is called “{name}”: import or create the condition (in English) first, or add "
        "this name to its other names",
    )


def find_or_create_condition(name: str, *, publish: bool) -> tuple[Condition, bool]:
    """The condition of that English name, ignoring case and accents, or a new one. (search_text
    starts with the English name, then holds the other languages' names.)"""
    folded = fold(name)
    candidates = Condition.objects.filter(search_text__startswith=folded).only("name")
    condition = next((candidate for candidate in candidates if fold(candidate.name_en) == folded), None)
    if condition:
        return Condition.objects.get(pk=condition.pk), False
    slug = Condition.objects.free_slug(name)
    return Condition.objects.create(name_en=name, slug=slug, is_published=publish), True


def save_article(condition: Condition, parsed: ParsedArticle, *, draft: bool) -> str:
    """Create or update the condition's article in the parsed article's language: created, updated,
    unchanged, or DRAFT_WAITING when a draft is imported over a published article (which stays as it
    is until a curator publishes the draft)."""
    status = ArticleStatus.DRAFT if draft else ArticleStatus.PUBLISHED
    wanted = {"title": parsed.title, "intro": parsed.intro, "conclusion": parsed.conclusion, "status": status}
    if parsed.byline:
        wanted["byline"] = parsed.byline
    article = Article.objects.filter(condition=condition, language=parsed.language).first()
    if article is None:
        article = Article.objects.create(condition=condition, language=parsed.language, **wanted)
        article.replace_sections(parsed.sections)
        return "created"
    if draft and article.is_published:
        return save_waiting_draft(article, parsed)
    changed_fields = [name for name, value in wanted.items() if getattr(article, name) != value]
    current_sections = article.section_pairs()
    if not changed_fields and current_sections == parsed.sections:
        return "unchanged"
    for name in changed_fields:
        setattr(article, name, wanted[name])
    article.save()
    if current_sections != parsed.sections:
        article.replace_sections(parsed.sections)
    return "updated"


def save_waiting_draft(article: Article, parsed: ParsedArticle) -> str:
    """Keep the new version beside the published article; the public pages do not change."""
    wanted = {"title": parsed.title, "intro": parsed.intro, "conclusion": parsed.conclusion}
    waiting = ArticleDraft.objects.filter(article=article).first()
    current = waiting or article  # a draft equal to what is waiting, or to the live article, changes nothing
    current_sections = waiting.section_pairs if waiting else article.section_pairs()
    if all(getattr(current, name) == value for name, value in wanted.items()) and current_sections == parsed.sections:
        return "unchanged"
    ArticleDraft.objects.update_or_create(
        article=article, defaults={**wanted, "sections": [list(pair) for pair in parsed.sections]}
    )
    return DRAFT_WAITING


def attach_questions(condition: Condition, texts: list[str]) -> tuple[int, int]:
    """Put the listed questions first, in order; create the ones the condition lacks. The listed
    questions are English, as the articles are: they are matched and created in English."""
    created = updated = 0
    by_kind = {question.kind: question for question in condition.questions.exclude(kind=QuestionKind.CUSTOM)}
    custom = {normalise_question(q.text_en): q for q in condition.questions.filter(kind=QuestionKind.CUSTOM)}
    placed: set[int] = set()
    for text in texts:
        standard = recognise(text, condition.name_en)
        question = by_kind.get(standard.kind) if standard else custom.get(normalise_question(text))
        position = len(placed) + 1
        if question is None:
            question = Question.objects.create(condition=condition, text_en=text, position=position)
            custom[normalise_question(text)] = question
            created += 1
        elif question.pk in placed:
            continue  # the same question listed twice, in other words: keep its first place
        elif question.position != position:
            question.position = position
            question.save(update_fields=["position"])
            updated += 1
        placed.add(question.pk)
    return created, updated
