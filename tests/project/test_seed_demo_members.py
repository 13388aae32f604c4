"""Demo members in bulk (seed_demo --members): what the site shows of them, on SQLite and PostgreSQL.

PostgreSQL writes them with COPY and ids taken from the tables' own sequences: the rows must read
back the same as on SQLite, and the site must keep working for the people who come after them."""

from __future__ import annotations

import io
import re
import string

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from community.demo import demo_skeleton
from community.demo_names import demo_pseudonym
from community.maps.figures import summary_for
from community.members.display_names import skeleton
from community.models import Membership, Profile, Visibility, current_policy
from conditions.models import Condition
from tests.factories import PASSWORD, MembershipFactory, make_member

pytestmark = pytest.mark.django_db

NEONATAL = "neonatal-hemochromatosis"
WILSON = "wilson-disease"
SUMMARY = re.compile(
    r"Demo members: (?P<created>[\d,]+) created on (?P<where>.+), with [\d,]+ new answers, "
    r"in \d+\.\ds \((?P<rate>[\d,]+) members/s, (?P<places>[\d,]+) places\)"
)


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def demo_memberships(slug: str = NEONATAL):
    return Membership.objects.filter(condition__slug=slug, member__user__username__startswith="demo-")


def people_on_the_home_page(client) -> int:
    html = client.get("/").content.decode()
    return int(re.search(r"People in the maps</dt><dd>([\d,]+)</dd>", html).group(1).replace(",", ""))


def counted(slug: str = NEONATAL) -> int:
    return demo_memberships(slug).exclude(visibility=Visibility.HIDDEN).count()


def test_the_summary_line_says_how_many_where_how_fast_and_in_how_many_places(debug, few_places):
    output = seed(members=40, condition=NEONATAL)
    summary = SUMMARY.fullmatch(output.strip().splitlines()[-1])
    assert summary, output
    assert summary["created"] == "40" and summary["where"] == "Neonatal hemochromatosis"
    assert int(summary["rate"].replace(",", "")) > 0
    assert 1 <= int(summary["places"]) <= len(few_places)


def test_seeded_members_are_counted_on_the_map_the_condition_page_and_the_home_page(debug, few_places, client):
    seed(members=60, condition=NEONATAL)
    condition = Condition.objects.get(slug=NEONATAL)
    on_the_map = counted()
    assert 0 < on_the_map < 60  # the hidden ones are not counted
    assert summary_for(condition).total == on_the_map
    assert f"There are {on_the_map} people in the map." in client.get(condition.get_absolute_url()).content.decode()
    assert people_on_the_home_page(client) == on_the_map


def test_a_second_condition_gets_new_people_with_fresh_names_and_everyone_is_counted(debug, few_places, client):
    seed(members=30, condition=NEONATAL)
    seed(members=25, condition=WILSON)
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert users.count() == 55
    assert len(set(users.values_list("email", flat=True))) == 55
    names = Profile.objects.values_list("display_name", flat=True)
    assert len({name.casefold() for name in names}) == 55
    assert demo_memberships(NEONATAL).count() == 30 and demo_memberships(WILSON).count() == 25
    assert people_on_the_home_page(client) == counted(NEONATAL) + counted(WILSON)


def test_each_members_map_entry_is_a_copy_of_their_profile(debug, few_places):
    seed(members=80, condition=NEONATAL)
    memberships = list(demo_memberships().select_related("member__place", "member__user"))
    assert len(memberships) == 80
    for membership in memberships:
        profile, user = membership.member, membership.member.user
        assert (membership.place_id, membership.country_code) == (profile.place_id, profile.place.country_code)
        assert (membership.role, membership.visibility) == (profile.role, profile.visibility)
        assert membership.age_at_diagnosis == profile.age_at_diagnosis
        assert membership.joined_at == user.date_joined == profile.health_data_consent_at
        assert profile.health_data_consent_version == current_policy()
        assert profile.name_skeleton == skeleton(profile.display_name)
        assert profile.on_a_map == (profile.visibility != Visibility.HIDDEN)
        assert profile.created_at and profile.about == "" and profile.birth_year is None
        assert user.is_active and not user.is_staff and not user.is_superuser and user.last_login is None
    assert len({membership.member.public_id for membership in memberships}) == 80


def test_demo_members_cannot_sign_in_and_have_no_deliverable_email(debug, few_places, client):
    seed(members=20, condition=NEONATAL)
    users = list(get_user_model().objects.filter(username__startswith="demo-"))
    assert len({user.password for user in users}) == 20  # each unusable password its own
    assert not any(user.has_usable_password() for user in users)
    emails = EmailAddress.objects.filter(user__in=users, verified=True, primary=True).values_list("email", flat=True)
    assert sorted(emails) == sorted(user.email for user in users)
    assert all(email.endswith("@demo.invalid") for email in emails)
    for password in ("", users[0].password, users[0].password.removeprefix("!")):
        client.post(reverse("account_login"), {"login": users[0].email, "password": password})
        assert "_auth_user_id" not in client.session


def test_real_people_join_after_the_demo_members_and_are_counted(debug, few_places, client):
    seed(members=20, condition=NEONATAL)
    before = people_on_the_home_page(client)
    newcomer = make_member("newcomer", "Newcomer Nadia", few_places[0], visibility=Visibility.LISTED)
    MembershipFactory(member=newcomer, condition=Condition.objects.get(slug=NEONATAL))
    assert people_on_the_home_page(client) == before + 1
    assert summary_for(Condition.objects.get(slug=NEONATAL)).total == counted() + 1
    assert client.login(username="newcomer", password=PASSWORD)
    seed(members=30, condition=NEONATAL)  # tops up around the newcomer
    assert demo_memberships().count() == 30
    assert people_on_the_home_page(client) == counted() + 1


def test_the_planner_knows_the_new_row_counts_after_seeding(debug, few_places):
    seed(members=300, condition=NEONATAL)
    tables = ["auth_user", "account_emailaddress", "community_profile", "community_membership"]
    estimates = planner_row_counts(tables)
    assert set(estimates) == set(tables)
    assert all(estimate >= 300 for estimate in estimates.values()), estimates


def planner_row_counts(tables: list[str]) -> dict[str, float]:
    """What the database's planner believes each table holds: PostgreSQL's reltuples, SQLite's
    sqlite_stat1 (written only by ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables])
            return dict(cursor.fetchall())
        cursor.execute("SELECT tbl, stat FROM sqlite_stat1")
        counts: dict[str, float] = {}
        for table, stat in cursor.fetchall():
            if table in tables:
                counts[table] = max(counts.get(table, 0), float(stat.split()[0]))
        return counts


@pytest.mark.django_db(transaction=True)
def test_batches_written_side_by_side_add_up(debug, few_places, client, monkeypatch):
    """Outside a transaction PostgreSQL writes two batches at once, each on a connection of its own."""
    monkeypatch.setattr("community.demo.BATCH", 7)
    output = seed(members=45, condition=NEONATAL)
    assert SUMMARY.fullmatch(output.strip().splitlines()[-1])["created"] == "45"
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert sorted(users.values_list("username", flat=True)) == [f"demo-{number:06d}" for number in range(1, 46)]
    assert Profile.objects.filter(user__in=users).count() == demo_memberships().count() == 45
    assert EmailAddress.objects.filter(user__in=users).count() == 45
    assert people_on_the_home_page(client) == counted() == summary_for(Condition.objects.get(slug=NEONATAL)).total
    seed(members=60, condition=NEONATAL)
    assert demo_memberships().count() == 60
    names = Profile.objects.values_list("display_name", flat=True)
    assert len({name.casefold() for name in names}) == 60


def test_the_demo_pseudonyms_look_alike_checks_are_the_same_as_every_members():
    """Demo profiles get their skeleton (what blocks look-alike names) one character at a time."""
    characters = string.ascii_letters + string.digits + "_"
    pairs = [first + second for first in characters for second in characters]
    names = [demo_pseudonym(number) for number in range(1, 1_200_000, 97)] + ["Ann_O0l1I", "\u0410nna", "Zo\u00eb"]
    assert [demo_skeleton(name) for name in pairs + names] == [skeleton(name) for name in pairs + names]
