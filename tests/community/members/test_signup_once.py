"""A sign-up posted twice at once (a double click) makes one whole account, never an error page
or half an account."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from community.models import Profile
from tests.community.members.helpers import signup_data
from tests.concurrency import run_at_once


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_posted_at_once_makes_one_account(valencia, mailoutbox):
    data = signup_data()
    results = run_at_once([lambda: Client().post("/accounts/signup/", data)] * 4)
    assert all(result in (200, 302) for result in results), results
    assert get_user_model().objects.filter(email=data["email"]).count() == 1
    assert EmailAddress.objects.filter(email=data["email"]).count() == 1
    assert Profile.objects.filter(display_name=data["display_name"]).count() == 1
