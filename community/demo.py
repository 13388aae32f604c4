"""Demo members, for the demo site and for load tests: made in bulk, never able to sign in or get mail.

A demo member is a user named "demo-000123" with the verified address demo-000123@demo.invalid
(the .invalid top-level domain can never receive mail) and an unusable password, a profile with a
made-up pseudonym (see demo_names.py) in a gazetteer place, an age at diagnosis that fits the
condition's onset, and memberships of the conditions they were made for.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from string import ascii_letters, digits

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Length, Lower
from django.utils import timezone

from community.demo_names import demo_pseudonym
from community.members.display_names import skeleton
from community.models import ON_MAP, Membership, Place, Profile, Role, Visibility, current_policy
from community.models.totals import recount_all
from conditions.demo_content import DEMO_CONDITIONS
from conditions.models import Condition
from diseasemaps.bulk import analyze, insert_rows, writers

USERNAME_PREFIX = "demo-"
EMAIL_DOMAIN = "demo.invalid"
BATCH = 5_000
# Big cities get more members, but less than in proportion to their size, so that small places
# everywhere get some too: with 100,000 members, well over 5,000 distinct places.
POPULATION_EXPONENT = 0.75
# Places the gazetteer knows no population of (a few small capitals) still get a small chance.
MIN_POPULATION_WEIGHT = 1_000
JOINED_WITHIN = timedelta(days=3 * 365)

ROLE_WEIGHTS = {
    Role.PATIENT: 45,
    Role.FAMILY: 27,
    Role.CAREGIVER: 12,
    Role.ADVISER: 4,
    Role.PROFESSIONAL: 6,
    Role.RESEARCHER: 4,
    Role.ORGANISATION: 2,
}
VISIBILITY_WEIGHTS = {Visibility.LISTED: 80, Visibility.COUNTED: 15, Visibility.HIDDEN: 5}
AGE_AT_DIAGNOSIS_SHARE = 0.4
# Ages at diagnosis as (from, to, weight) bands: the demo conditions have their own (demo_content.py);
# any other condition gets mostly adults, some children.
DEFAULT_DIAGNOSIS_AGES = ((0, 17, 20), (18, 80, 80))
DIAGNOSIS_AGES = {entry["name"].casefold(): entry["diagnosis_ages"] for entry in DEMO_CONDITIONS}


class NoPlacesError(LookupError):
    """Demo members need somewhere to live."""

    def __init__(self) -> None:
        super().__init__("There are no places: run `python manage.py load_places` first, then seed the demo members.")


def demo_users() -> QuerySet:
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}")


def demo_member_count(condition: Condition) -> int:
    """How many demo members are on a condition's map (hidden ones included)."""
    return Membership.objects.filter(condition=condition, member__user__in=demo_users()).count()


def demo_places_count(conditions: Iterable[Condition]) -> int:
    """In how many distinct places the demo members of these conditions live."""
    memberships = Membership.objects.filter(condition__in=list(conditions), member__user__in=demo_users())
    return memberships.values("member__place_id").distinct().count()


def next_demo_number() -> int:
    """The number after the highest demo username ("demo-000123" is 123), so top-ups never collide."""
    last = (
        get_user_model()
        .objects.filter(username__regex=rf"^{USERNAME_PREFIX}[0-9]+$")
        .order_by(Length("username").desc(), "-username")
        .values_list("username", flat=True)
        .first()
    )
    return int(last.removeprefix(USERNAME_PREFIX)) + 1 if last else 1


def require_places() -> None:
    if not Place.objects.exists():
        raise NoPlacesError


@dataclass(frozen=True)
class PlacePicker:
    """Draws places with a probability proportional to population ** POPULATION_EXPONENT."""

    place_ids: list[int]
    cum_weights: list[float]
    countries: dict[int, str]

    @classmethod
    def from_gazetteer(cls) -> PlacePicker:
        rows = list(Place.objects.order_by("pk").values_list("pk", "population", "country_code"))
        if not rows:
            raise NoPlacesError
        weights = (max(population, MIN_POPULATION_WEIGHT) ** POPULATION_EXPONENT for _, population, _ in rows)
        return cls([pk for pk, *_ in rows], list(accumulate(weights)), {pk: code for pk, _, code in rows})

    def draw(self, rng: random.Random, count: int) -> list[int]:
        return rng.choices(self.place_ids, cum_weights=self.cum_weights, k=count)


@dataclass(frozen=True)
class AgePicker:
    """Draws ages at diagnosis from (from, to, weight) bands."""

    bands: tuple[tuple[int, int, int], ...]

    @classmethod
    def for_conditions(cls, conditions: list[Condition]) -> AgePicker:
        """The onset of the first condition (a person has one age at diagnosis)."""
        name = conditions[0].name_en.casefold() if conditions else ""
        return cls(DIAGNOSIS_AGES.get(name, DEFAULT_DIAGNOSIS_AGES))

    def draw(self, rng: random.Random) -> int:
        low, high, _ = rng.choices(self.bands, weights=[weight for *_, weight in self.bands])[0]
        return rng.randint(low, high)


@dataclass(frozen=True)
class DemoPerson:
    number: int
    place_id: int
    country_code: str
    role: str
    visibility: str
    age_at_diagnosis: int | None
    joined_at: datetime

    @property
    def username(self) -> str:
        return f"{USERNAME_PREFIX}{self.number:06d}"

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"

    @property
    def display_name(self) -> str:
        return demo_pseudonym(self.number)


def weighted(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


def draw_people(
    rng: random.Random, picker: PlacePicker, numbers: range, now: datetime, ages: AgePicker
) -> list[DemoPerson]:
    count = len(numbers)
    places = picker.draw(rng, count)
    roles = weighted(rng, ROLE_WEIGHTS, count)
    visibilities = weighted(rng, VISIBILITY_WEIGHTS, count)
    within = JOINED_WITHIN.total_seconds()
    return [
        DemoPerson(
            number=number,
            place_id=place_id,
            country_code=picker.countries[place_id],
            role=role,
            visibility=visibility,
            age_at_diagnosis=ages.draw(rng) if rng.random() < AGE_AT_DIAGNOSIS_SHARE else None,
            joined_at=now - timedelta(seconds=rng.uniform(0, within)),
        )
        for number, place_id, role, visibility in zip(numbers, places, roles, visibilities, strict=True)
    ]


def unusable_password() -> str:
    """Django's unusable-password format ("!" and 40 random characters), without make_password's cost."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


@cache
def ascii_skeletons() -> dict[int, str]:
    """skeleton() of each ASCII letter, digit and "_", for str.translate."""
    return {ord(char): skeleton(char) for char in ascii_letters + digits + "_"}


def demo_skeleton(name: str) -> str:
    """skeleton(name), fast for the demo's pseudonyms: on ASCII letters, digits and "_" it maps one
    character at a time (a test checks every pair)."""
    plain = name.isascii() and name.replace("_", "").isalnum()
    return name.translate(ascii_skeletons()) if plain else skeleton(name)


def taken_names() -> set[str]:
    """Every member's display name in lower case (one query a run, not one a batch)."""
    lowered = Profile.objects.annotate(lowered=Lower("display_name")).values_list("lowered", flat=True)
    return set(lowered.iterator(chunk_size=20_000))


def free_names(people: list[DemoPerson], taken: set[str]) -> list[str]:
    """The people's pseudonyms, but with their number added to any a member already has; `taken`
    gets the new names."""
    names = []
    for person in people:
        name = person.display_name
        while name.lower() in taken:
            name = f"{name}{person.number}"[-40:]
        taken.add(name.lower())
        names.append(name)
    return names


# Bulk inserts skip Membership.save(): the copy of the profile is made here (see Membership).
MEMBERSHIP_COLUMNS = [
    "member_id",
    "condition_id",
    "role",
    "joined_at",
    "place_id",
    "country_code",
    "age_at_diagnosis",
    "visibility",
]


@transaction.atomic
def save_people(people: list[DemoPerson], names: list[str], conditions: list[Condition]) -> None:
    """Users, verified primary emails, profiles and memberships, in bulk (COPY on PostgreSQL), with
    the display names free_names() gave them."""
    user_ids = insert_rows(
        get_user_model(),
        ["username", "email", "password", "date_joined"],
        [(person.username, person.email, unusable_password(), person.joined_at) for person in people],
        ids=True,
    )
    insert_rows(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        [(user_id, person.email, True, True) for user_id, person in zip(user_ids, people, strict=True)],
    )
    published = any(condition.is_published for condition in conditions)
    policy = current_policy()
    profile_ids = insert_rows(
        Profile,
        [
            "user_id",
            "display_name",
            "name_skeleton",
            "role",
            "place_id",
            "visibility",
            "age_at_diagnosis",
            "health_data_consent_at",  # demo members "agreed" as they joined
            "health_data_consent_version",
            "on_a_map",  # what recount_people() would say
        ],
        [
            (
                user_id,
                name,
                demo_skeleton(name),
                person.role,
                person.place_id,
                person.visibility,
                person.age_at_diagnosis,
                person.joined_at,
                policy,
                published and person.visibility in ON_MAP,
            )
            for user_id, person, name in zip(user_ids, people, names, strict=True)
        ],
        ids=True,
    )
    insert_rows(
        Membership,
        MEMBERSHIP_COLUMNS,
        [
            (
                profile_id,
                condition.pk,
                person.role,
                person.joined_at,
                person.place_id,
                person.country_code,
                person.age_at_diagnosis,
                person.visibility,
            )
            for profile_id, person in zip(profile_ids, people, strict=True)
            for condition in conditions
        ],
    )


def create_demo_members(
    count: int,
    conditions: list[Condition],
    *,
    seed: int = 1,
    progress: Callable[[Iterable[range]], Iterable[range]] = iter,
) -> int:
    """Create `count` new demo members, each on the map of every one of `conditions`; return how many.

    The same seed on the same database gives the same members. Bulk inserts send no signals, so the
    conditions' counts of people are counted again at the end, which moves their maps' versions.
    `progress` wraps the batches (a tqdm progress bar, say).
    """
    if count <= 0:
        return 0
    picker = PlacePicker.from_gazetteer()
    ages = AgePicker.for_conditions(conditions)
    first = next_demo_number()
    rng = random.Random(f"diseasemaps-demo:{seed}:{first}")
    now = timezone.now()
    batches = [range(start, min(start + BATCH, first + count)) for start in range(first, first + count, BATCH)]
    taken = taken_names()
    with writers() as submit:
        for numbers in progress(batches):
            people = draw_people(rng, picker, numbers, now, ages)
            submit(save_people, people, free_names(people, taken), conditions)
    analyze(get_user_model(), EmailAddress, Profile, Membership)
    recount_all(Condition.objects.filter(pk__in=[condition.pk for condition in conditions]))
    return count
