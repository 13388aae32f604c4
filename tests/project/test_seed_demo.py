"""The demo data command."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from community.demo_names import demo_pseudonym
from community.maps.figures import summary_for
from community.models import Membership, Profile, Role, Visibility
from conditions.curators import CURATORS_GROUP
from conditions.demo_articles_es import DEMO_ARTICLES_ES
from conditions.demo_content import DEMO_CONDITIONS
from conditions.models import Answer, Article, ArticleSection, Condition, HelpfulVote, Question
from conditions.standard_questions import STANDARD_QUESTIONS
from diseasemaps.management.commands.seed_demo import demo_slug
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="needs --force"):
        seed()
    assert not Condition.objects.exists()


def test_loads_published_conditions_with_articles_questions_and_a_curator(settings, client):
    settings.DEBUG = True
    output = seed()
    assert len(DEMO_CONDITIONS) >= 10
    assert Condition.objects.published().count() == len(DEMO_CONDITIONS)
    assert Article.objects.published().filter(language="en").count() == len(DEMO_CONDITIONS)
    assert Article.objects.published().filter(language="es").count() == len(DEMO_CONDITIONS)
    assert Question.objects.count() == len(DEMO_CONDITIONS) * len(STANDARD_QUESTIONS)
    assert not Condition.objects.filter(synonyms="").exists()
    assert "curator@example.org / diseasemaps-demo" in output
    curator = get_user_model().objects.get(username="curator")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == [CURATORS_GROUP]


@pytest.mark.parametrize("runs", [1, 2])
def test_the_printed_curator_login_signs_in_without_asking_to_confirm_the_email(settings, client, runs):
    settings.DEBUG = True
    for _ in range(runs):
        output = seed()
    email, password = re.search(r"Curator login at /admin/: (\S+@\S+) / (\S+)", output).groups()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302
    assert "confirm-email" not in response.url
    assert client.get("/admin/conditions/article/").status_code == 200
    assert EmailAddress.objects.filter(user__username="curator", email=email, verified=True, primary=True).count() == 1


def test_an_article_imported_for_a_demo_condition_in_other_case_is_kept_and_seeding_works(settings, tmp_path):
    settings.DEBUG = True
    imported = tmp_path / "wilson.txt"
    imported.write_text(
        "Which are the causes of Wilson Disease?\n"
        "A curator's own introduction to Wilson disease.\n"
        "Copper: the liver cannot pass copper into bile.\n",
        encoding="utf-8",
    )
    call_command("import_article", str(imported), stdout=io.StringIO())
    seed()
    output = seed()
    assert "(0 created, 0 updated)" in output
    wilson = Condition.objects.get(slug="wilson-disease")
    assert Condition.objects.filter(search_text__startswith="wilson disease").count() == 1
    assert wilson.is_published and wilson.synonyms
    assert wilson.articles.get(language="en").intro == "A curator's own introduction to Wilson disease."
    assert Condition.objects.published().count() == len(DEMO_CONDITIONS)


def test_running_it_again_changes_nothing(settings):
    settings.DEBUG = True
    seed()
    before = (
        list(Article.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ArticleSection.objects.order_by("pk").values_list("pk", flat=True)),
        Question.objects.count(),
    )
    output = seed(force=True)
    after = (
        list(Article.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ArticleSection.objects.order_by("pk").values_list("pk", flat=True)),
        Question.objects.count(),
    )
    assert before == after
    assert "(0 created, 0 updated)" in output


def test_the_issue_example_search_works_on_demo_data(settings, client):
    settings.DEBUG = True
    seed()
    response = client.get("/conditions/", {"q": "Hemocromatosis"})
    names = [c.name for c in response.context["conditions"]]
    assert names == ["Neonatal hemochromatosis"]


def test_every_demo_page_renders(settings, client):
    settings.DEBUG = True
    seed()
    for condition in Condition.objects.all():
        for suffix in ["", "causes/", "questions/", "questions/hereditary/"]:
            assert client.get(f"{condition.get_absolute_url()}{suffix}").status_code == 200


# Demo members ------------------------------------------------------------------------------------

NEONATAL = "neonatal-hemochromatosis"


def demo_memberships(slug: str = NEONATAL):
    return Membership.objects.filter(condition__slug=slug, member__user__username__startswith="demo-")


def test_members_are_verified_mixed_and_hidden_ones_are_not_counted(debug, few_places):
    output = seed(members=50, condition=NEONATAL)
    memberships = demo_memberships().select_related("member__user")
    assert memberships.count() == 50
    assert "Demo members: 50 created on Neonatal hemochromatosis" in output
    users = [membership.member.user for membership in memberships]
    assert all(not user.has_usable_password() for user in users)
    verified = EmailAddress.objects.filter(user__in=users, verified=True, primary=True)
    assert sorted(verified.values_list("email", flat=True)) == sorted(user.email for user in users)
    roles = {membership.role for membership in memberships}
    assert {Role.PATIENT, Role.FAMILY} <= roles and len(roles) >= 3
    assert all(membership.role == membership.member.role for membership in memberships)
    visibilities = [membership.member.visibility for membership in memberships]
    assert set(visibilities) == set(Visibility.values)
    assert visibilities.count(Visibility.LISTED) > visibilities.count(Visibility.COUNTED) > 0
    hidden = visibilities.count(Visibility.HIDDEN)
    condition = Condition.objects.get(slug=NEONATAL)
    assert summary_for(condition).total == 50 - hidden
    ages = [membership.member.age_at_diagnosis for membership in memberships]
    assert any(age is None for age in ages)
    assert all(0 <= age <= 80 for age in ages if age is not None)
    assert len({membership.member.place_id for membership in memberships}) >= 2


def test_demo_emails_can_never_receive_mail(debug, few_places):
    seed(members=10, condition=NEONATAL)
    emails = EmailAddress.objects.filter(user__username__startswith="demo-").values_list("email", flat=True)
    assert len(emails) == 10
    assert all(email.startswith("demo-") and email.endswith(".invalid") for email in emails)


def test_ages_at_diagnosis_fit_each_conditions_onset(debug, few_places):
    seed(members=200)
    ages = {
        entry["name"]: [
            age
            for age in demo_memberships(demo_slug(entry)).values_list("age_at_diagnosis", flat=True)
            if age is not None
        ]
        for entry in DEMO_CONDITIONS
    }
    assert len(ages["Neonatal hemochromatosis"]) > 40
    assert set(ages["Neonatal hemochromatosis"]) == {0}  # a neonatal disease is diagnosed under 1
    assert min(ages["Amyotrophic lateral sclerosis"], default=99) >= 25
    assert max(ages["Fibrodysplasia ossificans progressiva"], default=0) <= 25
    for entry in DEMO_CONDITIONS:
        lowest = min(low for low, _, _ in entry["diagnosis_ages"])
        highest = max(high for _, high, _ in entry["diagnosis_ages"])
        assert all(lowest <= age <= highest for age in ages[entry["name"]]), entry["name"]


def test_pseudonyms_read_like_peoples(debug, few_places):
    seed(members=30, condition=NEONATAL)
    names = list(Profile.objects.filter(user__username__startswith="demo-").values_list("display_name", flat=True))
    assert len(names) == 30
    for name in names:
        assert "demo" not in name.lower() and "member" not in name.lower()
        assert re.fullmatch(r"[A-Za-z][A-Za-z._]+[0-9]{0,3}", name), name
        assert 4 <= len(name) <= 40
    assert sum(any(char.isdigit() for char in name) for name in names) < 10


def test_pseudonyms_stay_unique_at_a_hundred_thousand_members():
    names = [demo_pseudonym(number) for number in range(1, 100_001)]
    assert len({name.casefold() for name in names}) == 100_000
    assert max(map(len, names)) <= 40
    assert sum(any(char.isdigit() for char in name) for name in names[:20_000]) < 2_000


def test_a_member_who_took_a_demo_pseudonym_keeps_it(debug, few_places):
    seed(members=5, condition=NEONATAL)
    taken = demo_pseudonym(6)
    ProfileFactory(display_name=taken.upper())
    seed(members=10, condition=NEONATAL)
    names = Profile.objects.values_list("display_name", flat=True)
    assert len({name.casefold() for name in names}) == len(names) == 11


def test_running_it_again_with_the_same_number_creates_no_members(debug, few_places):
    seed(members=50, condition=NEONATAL)
    users_before = get_user_model().objects.count()
    output = seed(members=50, condition=NEONATAL)
    assert "Demo members: 0 created" in output
    assert get_user_model().objects.count() == users_before
    assert demo_memberships().count() == 50


def test_a_larger_number_tops_up(debug, few_places):
    seed(members=50, condition=NEONATAL)
    output = seed(members=80, condition=NEONATAL)
    assert "Demo members: 30 created" in output
    assert demo_memberships().count() == 80
    usernames = get_user_model().objects.filter(username__startswith="demo-").values_list("username", flat=True)
    assert len(set(usernames)) == 80
    assert Profile.objects.filter(user__username__startswith="demo-").count() == 80


def test_without_a_condition_the_first_demo_condition_gets_most(debug, few_places):
    output = seed(members=20)
    assert f"Demo members: {20 + 2 * (len(DEMO_CONDITIONS) - 1)} created on {len(DEMO_CONDITIONS)} conditions" in output
    for entry in DEMO_CONDITIONS:
        condition = Condition.objects.get(name=entry["name"])
        assert demo_memberships(condition.slug).count() == (20 if entry is DEMO_CONDITIONS[0] else 2)


def test_big_places_get_more_members_and_places_without_population_some(debug, few_places):
    seed(members=400, condition=NEONATAL)
    per_place = Counter(demo_memberships().values_list("member__place__name", flat=True))
    assert per_place["Big City"] > per_place["Middle Town"] > per_place["Small Town"] > 0
    assert per_place["Tiny Capital"] > 0


def test_members_need_places(debug):
    with pytest.raises(CommandError, match=re.escape("run `python manage.py load_places` first")):
        seed(members=10)
    assert not Condition.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_an_unknown_condition_is_named(debug, few_places):
    with pytest.raises(CommandError, match="no condition with the slug 'no-such-disease'"):
        seed(members=10, condition="no-such-disease")
    assert not Membership.objects.exists()


def test_a_condition_needs_a_number_of_members(debug, few_places):
    with pytest.raises(CommandError, match="give --members N"):
        seed(condition=NEONATAL)


def test_the_cached_condition_page_shows_the_new_count_right_away(debug, few_places, client):
    seed()
    url = Condition.objects.get(slug=NEONATAL).get_absolute_url()
    assert "There are 0 people in the map." in client.get(url).content.decode()
    assert "There are 0 people in the map." in client.get(url).content.decode()  # now from the cache
    seed(members=50, condition=NEONATAL)
    counted = summary_for(Condition.objects.get(slug=NEONATAL)).total
    assert 0 < counted < 50
    assert f"There are {counted} people in the map." in client.get(url).content.decode()


def test_demo_members_answer_the_questions_once(debug, few_places, client):
    output = seed(members=40, condition=NEONATAL)
    assert "with " in output and " new answers" in output
    condition = Condition.objects.get(slug=NEONATAL)
    answers = Answer.objects.filter(question__condition=condition).select_related("question", "author__profile")
    assert answers.count() >= len(condition.questions.all())  # at least one for each question
    assert {answer.question_id for answer in answers} == set(condition.questions.values_list("pk", flat=True))
    for answer in answers:
        assert answer.author.profile.visibility != Visibility.HIDDEN  # hidden members write nothing shown
        assert bool(answer.choice) == answer.question.is_closed
        assert answer.author_listed == (answer.author.profile.visibility == Visibility.LISTED)
    assert sum(answer.helpful_count for answer in answers) == HelpfulVote.objects.count()
    assert not HelpfulVote.objects.filter(voter=F("answer__author")).exists()
    before = answers.count()
    assert " 0 new answers" in seed(members=40, condition=NEONATAL)
    assert Answer.objects.filter(question__condition=condition).count() == before
    page = client.get(condition.questions.get(kind="hereditary").get_absolute_url()).content.decode()
    assert 'id="choice-chart"' in page


def test_every_demo_condition_has_its_spanish_article_shown_to_spanish_readers(settings, client):
    settings.DEBUG = True
    seed()
    assert set(DEMO_ARTICLES_ES) == {entry["name"] for entry in DEMO_CONDITIONS}
    for condition in Condition.objects.all():
        spanish = condition.articles.get(language="es")
        assert spanish.title.startswith("¿Cuáles son las causas de ")
        assert spanish.sections.count() >= 3
        assert spanish.byline == "el equipo editorial de Diseasemaps"
        html = client.get(spanish.get_absolute_url()).content.decode()
        assert '<div class="article-text" lang="es">' in html
        assert "language-notice" not in html


def test_a_curators_spanish_article_is_kept(settings):
    settings.DEBUG = True
    seed()
    wilson = Condition.objects.get(slug="wilson-disease")
    wilson.articles.filter(language="es").update(intro="La introducción de una curadora.")
    seed()
    assert wilson.articles.get(language="es").intro == "La introducción de una curadora."
