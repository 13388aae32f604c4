"""A Spanish speaker's journey (issue 15): from /es/ they search "enfermedad de wilson", join its map,
get the confirmation email in Spanish, answer a question, and read the map's countries in Spanish.
Every page is in Spanish (its lang attributes say so) and axe-core finds no serious problem on it.
The words the test looks for come from the Spanish catalogue, so that it reads as the site does."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from community.models import Profile
from conditions.models import Answer
from conditions.roles import Role
from tests.browser.test_every_page import serious_violations
from tests.factories import ConditionFactory, MembershipFactory, make_member


def spanish(text: str, **values) -> str:
    with translation.override("es"):
        translated = gettext(text)
    assert translated != text, f"not translated: {text}"
    return translated % values if values else translated


@pytest.fixture
def wilson(places):
    """Wilson disease, named in Spanish too, with three people in Spain and three in Germany."""
    condition = ConditionFactory(
        name="Wilson disease", name_es="Enfermedad de Wilson", synonyms="Hepatolenticular degeneration"
    )
    for number, place in enumerate([places["valencia"]] * 2 + [places["munich"]] * 3):
        member = make_member(f"wilson{number}", f"Miembro {number}", place)
        MembershipFactory(member=member, condition=condition, role=Role.PATIENT)
    return condition


def check_spanish_page(page, live_server) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert serious_violations(page, live_server) == []


def test_a_spanish_speaker_finds_joins_answers_and_reads_the_map_in_spanish(page, live_server, wilson, screenshot):
    # 1. Open /es/.
    page.goto(f"{live_server.url}/es/")
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish("Living with a rare disease? You are not alone."))
    check_spanish_page(page, live_server)
    screenshot("es-1-home")

    # 2. Search "enfermedad de wilson": the Spanish name finds Wilson disease.
    search = page.locator("main").get_by_role("combobox")
    search.fill("enfermedad de wilson")
    expect(page.get_by_role("option", name=re.compile("Enfermedad de Wilson"))).to_be_visible()
    screenshot("es-2-suggestions")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/es/conditions/\?q=enfermedad"))
    check_spanish_page(page, live_server)
    page.get_by_role("link", name="Enfermedad de Wilson", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/es/conditions/{wilson.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enfermedad de Wilson")
    check_spanish_page(page, live_server)
    screenshot("es-3-condition")

    # 3. Join and sign up, in Spanish.
    join = spanish("Join the %(name)s community", name="Enfermedad de Wilson")
    page.get_by_role("link", name=join).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(join)
    page.locator("[data-place-picker][data-ready]").wait_for()
    page.locator('input[name="email"]').fill("lucia@example.org")
    page.locator('input[name="password1"]').fill("una-Clave-larga-73")
    page.locator('input[name="password2"]').fill("una-Clave-larga-73")
    page.locator('input[name="display_name"]').fill("Lucía del Turia")
    page.locator('select[name="role"]').select_option("patient")
    place = page.get_by_label(spanish("Where do you live?"))
    place.fill("valen")
    option = page.get_by_role("option", name="Valencia, España")
    expect(option).to_be_visible()
    option.click()
    page.locator('input[name="health_data_consent"]').check()
    check_spanish_page(page, live_server)
    screenshot("es-4-sign-up")
    page.get_by_role("button", name=spanish("Sign up and join")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish("Confirm your email address"))

    # 4. The confirmation email arrives in Spanish, its link to the Spanish page.
    (message,) = mail.outbox
    assert message.to == ["lucia@example.org"]
    assert spanish("Hello,") in message.body
    assert "If it was not you" not in message.body
    link = re.search(r"https?://\S+/es/accounts/confirm-email/\S+", message.body).group(0)
    assert Profile.objects.get(user__email="lucia@example.org").language == "es"
    page.goto(link)
    check_spanish_page(page, live_server)
    page.locator("main").get_by_role("button").click()
    expect(page).to_have_url(f"{live_server.url}/es/conditions/{wilson.slug}/")

    # 5. Answer a question, worded in Spanish.
    question = wilson.questions.get(kind="hereditary")
    with translation.override("es"):
        wording = question.text
    assert wording == "¿Es hereditaria la enfermedad de Wilson?"
    page.goto(f"{live_server.url}/es{question.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(wording)
    page.get_by_role("radio", name=spanish("Yes")).check()
    page.get_by_label(spanish("Your answer"), exact=True).fill(
        "Sí. A mi hermano y a mí nos la diagnosticaron de niños, y el médico nos explicó "
        "que se hereda de los dos padres."
    )
    page.get_by_role("button", name=spanish("Publish my answer")).click()
    expect(page.get_by_text(spanish("Thank you: your answer is published."))).to_be_visible()
    answer = Answer.objects.get(question=question)
    assert answer.language == "es"
    expect(page.locator(".answer__text").first).to_have_attribute("lang", "es")
    check_spanish_page(page, live_server)
    screenshot("es-5-answered")

    # 6. The map names the countries in Spanish.
    page.goto(f"{live_server.url}/es/conditions/{wilson.slug}/map/")
    table = page.locator(".figures-table").first
    expect(table).to_contain_text("España")
    expect(table).to_contain_text("Alemania")
    expect(table).not_to_contain_text("Spain")
    check_spanish_page(page, live_server)
    screenshot("es-6-map")
