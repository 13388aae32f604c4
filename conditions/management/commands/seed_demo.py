from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from conditions.curators import CURATORS_GROUP
from conditions.demo_content import DEMO_CONDITIONS
from conditions.importer import ParsedArticle, save_article
from conditions.models import Condition

DEMO_CURATOR = {"username": "curator", "email": "curator@example.org", "password": "diseasemaps-demo"}


class Command(BaseCommand):
    help = "Load demo conditions, their causes articles and questions, and a demo curator. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real site).")

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo adds a known curator password; with DEBUG off it needs --force.")
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
                f"Curator login at /admin/: {DEMO_CURATOR['username']} / {DEMO_CURATOR['password']}"
            )
        )


def seed_condition(entry: dict) -> tuple[bool, str]:
    fields = {
        "synonyms": "\n".join(entry["synonyms"]),
        "description": entry["description"],
        "orpha_code": entry["orpha_code"],
        "icd10_code": entry["icd10_code"],
        "is_published": True,
    }
    condition = Condition.objects.filter(name=entry["name"]).first()
    condition_created = condition is None
    if condition_created:
        condition = Condition.objects.create(name=entry["name"], **fields)
    elif any(getattr(condition, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(condition, name, value)
        condition.save()
    parsed = ParsedArticle(
        condition_name=condition.name,
        title=f"Which are the causes of {condition.name}?",
        intro=entry["intro"],
        sections=[tuple(section) for section in entry["sections"]],
        conclusion=entry["conclusion"],
    )
    return condition_created, save_article(condition, parsed, draft=False)


def seed_curator() -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_CURATOR["username"], defaults={"email": DEMO_CURATOR["email"]}
    )
    user.is_staff = True
    user.is_superuser = False
    user.set_password(DEMO_CURATOR["password"])
    user.save()
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
