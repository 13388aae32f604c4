"""The interface in seven languages (issue 15): every catalogue complete, none fuzzy, none behind the
code's strings, and a page asked for in a language answers in it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def ids(entries) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in entries if not entry.obsolete and entry.msgid}


def test_there_are_seven_languages_english_the_source():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "es", "ca", "fr", "it", "pt", "de"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert po.metadata.get("Language") == language


SOURCES = ["conditions", "community", "diseasemaps", "templates"]


@pytest.fixture(scope="module")
def strings_in_the_code(tmp_path_factory) -> set[tuple[str, str]]:
    """The code's translatable strings, as makemessages finds them today. It writes beside the
    sources it reads (a template's `.py` copy), so it reads a copy of them in a folder of its own:
    never touching locale/, nor another test process's run."""
    folder = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        shutil.copytree(Path(settings.BASE_DIR) / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "locale").mkdir()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with override_settings(LOCALE_PATHS=[folder / "locale"]):
            call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    found = ids(polib.pofile(str(folder / "locale" / "es" / "LC_MESSAGES" / "django.po")))
    shutil.rmtree(folder)
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_holds_every_string_of_the_code(language, strings_in_the_code):
    """A new or changed string gets its translations in the same commit: run `make translations`."""
    missing = strings_in_the_code - ids(catalogue(language))
    assert not missing, f"{language}: {len(missing)} strings not in the catalogue, e.g. {sorted(missing)[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_page_asked_for_in_a_language_answers_in_it(client, db, language):
    heading = "Living with a rare disease? You are not alone."
    translated = catalogue(language).find(heading).msgstr
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.redirect_chain == [(f"/{language}/", 302)]
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and translated in html and heading not in html
