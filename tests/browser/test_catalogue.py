"""A visitor types the start of their condition's name, picks it among the suggestions, and reads
what the medical literature reports of it beside what members say (issue 14)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conditions.models import Condition
from tests.conditions.test_catalogue import import_catalog


@pytest.fixture
def catalogue(transactional_db):
    import_catalog()
    Condition.objects.filter(orpha_code="905").update(map_people=4)


def test_type_wils_pick_wilson_disease_and_read_the_literature(page, live_server, catalogue, screenshot):
    page.goto(live_server.url + "/")
    search = page.get_by_label("Search a condition by name or another name for it")
    search.press_sequentially("wils", delay=40)
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_count(3)  # Wilson disease, Wilson-Turner, Mowat-Wilson
    expect(suggestions.get_by_role("option").first).to_contain_text("Wilson disease")
    expect(suggestions.get_by_role("option").first).to_contain_text("4 in the map · ORPHA:905")
    screenshot("search-as-you-type")

    search.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/conditions/wilson-disease/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wilson disease")
    literature = page.get_by_role("region", name="What the medical literature reports")
    expect(literature.get_by_role("heading", name="Digestion and liver")).to_be_visible()
    expect(literature.get_by_role("link", name="Ascites")).to_have_attribute(
        "href", "https://hpo.jax.org/browse/term/HP:0001541"
    )
    expect(literature).to_contain_text("Human Phenotype Ontology, version 2025-11-24")
    screenshot("catalogue-condition")


def test_enter_without_a_suggestion_shows_the_results_page(page, live_server, catalogue):
    page.goto(live_server.url + "/")
    search = page.get_by_label("Search a condition by name or another name for it")
    search.press_sequentially("hemocromatosys", delay=20)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("hemochromatosis")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/conditions/\?q=hemocromatosys$"))


def test_the_header_search_suggests_on_every_page(page, live_server, catalogue):
    page.goto(live_server.url + "/conditions/wilson-disease/questions/")
    page.get_by_label("Search conditions").press_sequentially("ORPHA:446", delay=20)
    option = page.get_by_role("listbox").get_by_role("option").first
    expect(option).to_contain_text("Neonatal hemochromatosis")
    option.click()
    expect(page).to_have_url(re.compile(r"/conditions/neonatal-hemochromatosis/$"))
