"""HTML that validators and assistive technologies accept: machine-readable dates, and no label
without its control (the place picker without JavaScript included)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models.connections import Connection
from conditions.models import Answer, Article
from conditions.roles import Role
from tests.factories import client_for

pytestmark = pytest.mark.django_db

TIME = re.compile(r'<time datetime="([^"]*)"')
# HTML's valid date string, or global date and time string (seconds optional, at most 3 decimals).
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$")
LABEL_FOR = re.compile(r'<label[^>]* for="([^"]+)"')


@pytest.fixture
def busy_condition(condition, members, alice, bob):
    Article.objects.filter(condition=condition).update(reviewed_at=timezone.localdate())
    question = condition.questions.get(slug="hereditary")
    Answer.objects.write(question, alice, name="Alice", listed=True, role=Role.PATIENT, text="Yes.", choice="yes")
    connection = Connection.objects.request(alice.profile, bob.profile)
    connection.accept(bob.profile)
    connection.send(bob.profile, "Hello")
    return {"condition": condition, "question": question, "connection": connection}


def test_every_time_element_has_a_valid_datetime(busy_condition, alice):
    condition, question = busy_condition["condition"], busy_condition["question"]
    client = client_for(alice)
    pages = [
        question.get_absolute_url(),
        reverse("conditions:questions", args=[condition.slug]),
        reverse("conditions:causes", args=[condition.slug]),
        busy_condition["connection"].get_absolute_url(),
    ]
    values = []
    for url in pages:
        html = client.get(url).content.decode()
        found = TIME.findall(html)
        assert found, f"no <time> on {url}"
        values += found
    assert [value for value in values if not VALID_DATETIME.match(value)] == []


@pytest.mark.parametrize("data", [{}, {"place_country": "ES", "place_country_show": "1"}])
def test_every_label_of_the_sign_up_form_points_at_a_control(client, places, data):
    """Without JavaScript, before and after choosing a country."""
    html = client.get(reverse("account_signup"), data).content.decode()
    missing = [target for target in LABEL_FOR.findall(html) if not re.search(rf'\sid="{re.escape(target)}"', html)]
    assert missing == []


def test_every_label_of_my_profile_points_at_a_control(busy_condition, alice):
    html = client_for(alice).get(reverse("community:profile")).content.decode()
    missing = [target for target in LABEL_FOR.findall(html) if not re.search(rf'\sid="{re.escape(target)}"', html)]
    assert missing == []
