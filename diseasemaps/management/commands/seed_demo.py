"""Demo data: conditions with causes articles (in English and Spanish) and questions, a demo curator
and, on request, demo members.

It lives in the project package because it seeds both apps (`conditions` never imports `community`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from community.answers.demo import create_demo_answers
from community.demo import NoPlacesError, create_demo_members, demo_member_count, demo_places_count, require_places
from conditions.curators import CURATORS_GROUP
from conditions.demo_articles_es import DEMO_ARTICLES_ES, DEMO_BYLINE_ES
from conditions.demo_content import DEMO_CONDITIONS
from conditions.demo_content_es import spanish_fields
from conditions.importer import ParsedArticle, save_article
from conditions.languages import SOURCE
from conditions.models import Article, Condition

DEMO_CURATOR = {"username": "curator", "email": "curator@example.org", "password": "diseasemaps-demo"}
# Without --condition, the first demo condition gets --members N and every other one N // OTHERS_DIVISOR.
OTHERS_DIVISOR = 10


class Command(BaseCommand):
    help = (
        "Load demo conditions, their causes articles and questions, a demo curator and, with --members, "
        "demo members. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real site).")
        parser.add_argument(
            "--members",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Make sure the condition has at least N demo members (creating only the missing ones). "
                f"Without --condition: N on {DEMO_CONDITIONS[0]['name']}, N // {OTHERS_DIVISOR} on each other "
                "demo condition. Needs the places of `manage.py load_places`."
            ),
        )
        parser.add_argument("--condition", metavar="SLUG", help="The condition to put the demo members on.")

    def handle(self, *args, force: bool, members: int, condition: str | None, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo adds a known curator password; with DEBUG off it needs --force.")
        check_member_options(members, condition)
        self.seed_conditions()
        if members:
            self.seed_members(members, condition)

    def seed_conditions(self) -> None:
        created = updated = 0
        for entry in tqdm(DEMO_CONDITIONS, desc="Demo conditions", unit="condition", disable=None):
            with transaction.atomic():
                condition_created, article = seed_condition(entry)
            created += condition_created
            updated += not condition_created and article != "unchanged"
        seed_curator()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(DEMO_CONDITIONS)} conditions ({created} created, {updated} updated). "
                f"Curator login at /admin/: {DEMO_CURATOR['email']} / {DEMO_CURATOR['password']}"
            )
        )

    def seed_members(self, members: int, slug: str | None) -> None:
        started = time.monotonic()
        targets = member_targets(members, slug)
        created = answers = 0
        for condition, wanted in targets:
            missing = wanted - demo_member_count(condition)
            if missing > 0:
                created += create_demo_members(missing, [condition], progress=progress_bar(condition))
            answers += create_demo_answers(condition)
        where = targets[0][0].name if len(targets) == 1 else f"{len(targets)} conditions"
        places = demo_places_count(condition for condition, _ in targets)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo members: {created:,} created on {where}, with {answers:,} new answers, "
                f"in {seconds:.1f}s ({created / max(seconds, 0.001):,.0f} members/s, {places:,} places)"
            )
        )


def check_member_options(members: int, slug: str | None) -> None:
    """Fail before changing anything: a bad number, an unknown condition, or no places to live in."""
    if members < 0:
        raise CommandError(f"--members must be 0 or more, not {members}.")
    if slug is not None and not members:
        raise CommandError("--condition says where to put demo members: give --members N too.")
    if slug is not None and slug not in demo_slugs() and not Condition.objects.filter(slug=slug).exists():
        raise CommandError(f"There is no condition with the slug {slug!r}.")
    if members:
        try:
            require_places()
        except NoPlacesError as error:
            raise CommandError(str(error)) from error


def demo_slug(entry: dict) -> str:
    """The slug a demo condition gets (see Condition.save), before it exists."""
    return slugify(entry["name"])[:200]


def demo_slugs() -> set[str]:
    return {demo_slug(entry) for entry in DEMO_CONDITIONS}


def find_demo_condition(entry: dict) -> Condition | None:
    """The demo condition by its slug, so that one imported as "Wilson Disease" is the demo's
    "Wilson disease"; else by its name, in any case (a condition whose slug a curator changed)."""
    return (
        Condition.objects.filter(slug=demo_slug(entry)).first()
        or Condition.objects.filter(name_en__iexact=entry["name"]).order_by("pk").first()
    )


def member_targets(members: int, slug: str | None) -> list[tuple[Condition, int]]:
    """Which conditions should have how many demo members."""
    if slug is not None:
        condition = Condition.objects.filter(slug=slug).first()
        if condition is None:  # a demo condition's slug, changed since
            raise CommandError(f"There is no condition with the slug {slug!r}.")
        return [(condition, members)]
    found = (find_demo_condition(entry) for entry in DEMO_CONDITIONS)
    demo = [condition for condition in found if condition is not None and condition.is_published]
    return [(condition, members if index == 0 else members // OTHERS_DIVISOR) for index, condition in enumerate(demo)]


def progress_bar(condition: Condition) -> Callable[[Iterable[range]], Iterable[range]]:
    return lambda batches: tqdm(batches, desc=f"Demo members ({condition.name})", unit="batch", disable=None)


def seed_condition(entry: dict) -> tuple[bool, str]:
    fields = {
        "synonyms": "\n".join(entry["synonyms"]),
        "description": entry["description"],
        "orpha_code": entry["orpha_code"],
        "icd10_code": entry["icd10_code"],
        "is_published": True,
        **spanish_fields(entry),
    }
    condition = find_demo_condition(entry)
    condition_created = condition is None
    if condition_created:
        condition = Condition.objects.create(name=entry["name"], **fields)
    elif any(getattr(condition, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(condition, name, value)
        condition.save()
    english = seed_article(condition, SOURCE, {**entry, "title": f"Which are the causes of {condition.name}?"})
    spanish = DEMO_ARTICLES_ES.get(entry["name"])
    spanish = seed_article(condition, "es", spanish and {**spanish, "byline": DEMO_BYLINE_ES})
    return condition_created, english if english != "unchanged" else spanish


def seed_article(condition: Condition, language: str, written: dict | None) -> str:
    """The demo article in this language, unless the condition has one (the demo's own, or one a
    curator imported or wrote: kept)."""
    if written is None or Article.objects.filter(condition=condition, language=language).exists():
        return "unchanged"
    parsed = ParsedArticle(
        condition_name=condition.name,
        title=written["title"],
        intro=written["intro"],
        sections=[tuple(section) for section in written["sections"]],
        conclusion=written["conclusion"],
        language=language,
        byline=written.get("byline", ""),
    )
    return save_article(condition, parsed, draft=False)


def seed_curator() -> None:
    """The demo curator, who signs in with the printed email and password: the address is verified,
    so the first sign-in goes straight to the admin."""
    email = DEMO_CURATOR["email"]
    user, _ = get_user_model().objects.get_or_create(username=DEMO_CURATOR["username"])
    user.email = email
    user.is_staff = True
    user.is_superuser = False
    user.set_password(DEMO_CURATOR["password"])
    user.save()
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    user.emailaddress_set.exclude(email__iexact=email).update(primary=False)
    address = user.emailaddress_set.filter(email__iexact=email).first() or EmailAddress(user=user, email=email)
    address.verified = address.primary = True
    address.save()
