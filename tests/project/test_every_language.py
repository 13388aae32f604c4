"""Every page in every language (issue 15): no string of the English catalogue shows untranslated.
Each page of tests/site_pages.py is asked for at its address in the language, by a visitor and by a
member; its text and the attributes people read or hear (alt, title, placeholder, aria-label, a
button's value) are compared with the catalogue's English strings. The world's proper names and
members' text are not in the catalogue, so they never count; nor does what a page marks as written
in another language (an English article shown until it is translated, lang="en")."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.test import Client

from tests.project.test_translations import LOCALE, TRANSLATED
from tests.site_pages import MEMBER, PAGES, VISITOR

READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}")
HIDDEN = {"script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadableText(HTMLParser):
    """The pieces of a page people read in its language: its text nodes and read attributes,
    whitespace folded, leaving out scripts and elements marked as in another language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.pieces: list[str] = []
        self.hidden = 0  # depth inside a script, a style or an element in another language

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.hidden and tag not in VOID:
            self.hidden += 1
        elif tag in HIDDEN or (attributes.get("lang", self.language) != self.language and tag not in VOID):
            self.hidden = 1
        if self.hidden:
            return
        read = [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            read.append(attributes["value"])
        self.pieces += [" ".join(value.split()) for value in read]

    def handle_endtag(self, tag):
        if self.hidden and tag not in VOID:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def readable(html: str, language: str) -> list[str]:
    parser = ReadableText(language)
    parser.feed(html)
    return parser.pieces


def untranslated_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    """The catalogue's English strings that read differently in `language`, as patterns a whole
    piece of text matches (a placeholder stands for any text). Strings that hold markup are matched
    by their pieces elsewhere, and one-word strings ("Map") could be a proper name: both are left."""
    patterns = []
    for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
        if entry.obsolete or entry.msgid_plural or "<" in entry.msgid or entry.msgstr == entry.msgid:
            continue
        english = " ".join(entry.msgid.split())
        if len(english.split()) < 2:
            continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(english)]
        patterns.append((english, re.compile(".+?".join(parts))))
    return patterns


def client_for(audience: str, world) -> Client:
    client = Client()
    if audience == MEMBER:
        client.force_login(world["alice"])
    return client


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_in_every_language_shows_no_english_string(db, pages_world, language):
    patterns = untranslated_patterns(language)
    problems = []
    for audience in (VISITOR, MEMBER):
        client = client_for(audience, pages_world)
        for page in PAGES:
            if audience not in page.audiences:
                continue
            response = client.get(f"/{language}{page.path.format(**pages_world)}", follow=True)
            if response.status_code != page.status:
                problems.append(f"{audience} {page.name}: status {response.status_code}")
                continue
            html = response.content.decode()
            if f'<html lang="{language}"' not in html:
                problems.append(f"{audience} {page.name}: not in {language}")
            pieces = readable(html, language)
            for english, pattern in patterns:
                shown = next((piece for piece in pieces if pattern.fullmatch(piece)), None)
                if shown:
                    problems.append(f"{audience} {page.name}: {english!r} shows in English")
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_english_string_on_a_page():
    english, pattern = next(item for item in untranslated_patterns("es") if item[0] == "Skip to content")
    page = '<a class="skip-link" href="#main">Skip to content</a><p>Saltar al contenido</p>'
    assert [piece for piece in readable(page, "es") if pattern.fullmatch(piece)] == [english]
    hidden = "<script>var t = 'Skip to content';</script><div lang=\"en\"><p><b>Skip to content</b></p></div>"
    assert readable(hidden + "<p>Fin</p>", "es") == ["Fin"]


def test_the_site_has_every_language_of_the_check():
    assert {code for code, _name in settings.LANGUAGES} == {"en", *TRANSLATED}
