"""The one world the tests live in. Use it rather than building it again in a test file:

- places: `valencia`, and `places` (two Valencias, Munich, São Paulo, Valdemoro);
- people: `alice` and `bob` (members in Valencia), `charlie` (signed up, no profile), `stranger`
  (eve, on the condition's map, connected with nobody), `curator`, `moderator`, `superuser`;
- the condition: `condition` (published, with its causes article), `draft_condition`, its questions
  `treatment` (open) and `hereditary` (closed);
- on its map: `alice_on_the_map` (her membership), `members` (alice and bob, both on it), and
  `connected` (alice and bob, connected).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from community.maps import kept
from community.models.connections import Connection
from community.models.moderation import MODERATORS_GROUP
from conditions.standard_questions import QuestionKind
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CuratorFactory,
    MembershipFactory,
    PlaceFactory,
    SectionFactory,
    UserFactory,
    make_member,
)
from tests.site_pages import pages_world  # noqa: F401 (a fixture of every page's world)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rendered fragments, rate limits) and no kept map drawing."""
    cache.clear()
    kept.forget_all()
    yield
    cache.clear()
    kept.forget_all()


@pytest.fixture(autouse=True)
def language_stays_after_each_request(monkeypatch):
    """A test client's request activates its page's language in this thread, as a server's does in
    its own; a test goes on in the language it was in (English), so that reverse() and the like
    give what it expects after asking for /es/…."""
    original = Client.request

    def request(self, **kwargs):
        with translation.override(translation.get_language()):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request with Accept-Language leaves its language active in the thread: each test starts in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def valencia(db):
    return PlaceFactory(
        geonameid=2509954,
        name="Valencia",
        ascii_name="valencia",
        country_code="ES",
        admin1="60",
        latitude=39.47,
        longitude=-0.38,
        population=824_340,
        known_names=73,  # as in GeoNames
        alternates=["Valence", "València", "VLC"],
    )


@pytest.fixture
def places(valencia):
    """A small gazetteer: two Valencias, Munich (München), São Paulo, and a small Spanish town."""
    return {
        "valencia": valencia,
        "valencia_ve": PlaceFactory(
            geonameid=3625549,
            name="Valencia",
            country_code="VE",
            admin1="07",
            latitude=10.16,
            longitude=-68.0,
            population=1_619_470,
            known_names=45,  # as in GeoNames
            alternates=["Valencia"],
        ),
        "munich": PlaceFactory(
            geonameid=2867714,
            name="Munich",
            country_code="DE",
            admin1="02",
            latitude=48.14,
            longitude=11.58,
            population=1_505_005,
            known_names=94,  # as in GeoNames
            alternates=["München", "Muenchen", "Monaco di Baviera"],
        ),
        "sao_paulo": PlaceFactory(
            geonameid=3448439,
            name="São Paulo",
            country_code="BR",
            admin1="27",
            latitude=-23.55,
            longitude=-46.64,
            population=12_400_232,
            known_names=84,  # as in GeoNames
            alternates=["Sao Paulo", "Sampa"],
        ),
        "valdemoro": PlaceFactory(
            geonameid=3106050,
            name="Valdemoro",
            country_code="ES",
            admin1="29",
            latitude=40.19,
            longitude=-3.68,
            population=72_000,
            known_names=3,  # as in GeoNames
        ),
    }


@pytest.fixture
def alice(valencia):
    """A member with a verified email, listed, living in Valencia."""
    return make_member("alice", "Alice in Valencia", valencia).user


@pytest.fixture
def bob(valencia):
    """Another member in Valencia."""
    return make_member("bob", "Bob B.", valencia).user


@pytest.fixture
def charlie(db):
    """A stranger: signed up, with no profile and on no map."""
    return UserFactory(username="charlie")


@pytest.fixture
def curator(db):
    return CuratorFactory(username="carol-curator")


@pytest.fixture
def moderator(db):
    """Staff in the moderators' group: reads reports, and the messages around a reported one."""
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return moderator


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def condition(db):
    """A published condition with synonyms, codes and a published three-section article."""
    condition = ConditionFactory(
        name="Neonatal hemochromatosis",
        synonyms="Hemocromatosis neonatal\nGALD",
        orpha_code="79452",
        icd10_code="P78.8",
    )
    article = ArticleFactory(condition=condition)
    for position, heading in enumerate(["Maternal antibodies", "Iron overload", "Unknown factors"], 1):
        SectionFactory(article=article, position=position, heading=heading)
    return condition


@pytest.fixture
def draft_condition(db):
    return ConditionFactory(name="Unreleased syndrome", is_published=False)


@pytest.fixture
def alice_on_the_map(condition, alice):
    """alice on the condition's map: her membership."""
    return MembershipFactory(member=alice.profile, condition=condition)


@pytest.fixture
def members(alice_on_the_map, condition, alice, bob):
    """alice and bob, both on the condition's map: their profiles."""
    MembershipFactory(member=bob.profile, condition=condition)
    return alice.profile, bob.profile


@pytest.fixture
def stranger(places, condition):
    """eve: on the condition's map too, and connected with nobody."""
    profile = make_member("eve", "Eve Eavesdropper", places["valencia"])
    MembershipFactory(member=profile, condition=condition)
    return profile


@pytest.fixture
def connected(members) -> Connection:
    """alice asked bob to connect, and bob accepted."""
    alice, bob = members
    connection = Connection.objects.request(alice, bob, "Hello from Valencia")
    connection.accept(bob)
    return connection


@pytest.fixture
def treatment(condition):
    """The condition's open question "Is there any natural treatment for X?"."""
    return condition.questions.get(kind=QuestionKind.NATURAL_TREATMENT)


@pytest.fixture
def hereditary(condition):
    """The condition's closed question "Is X hereditary?"."""
    return condition.questions.get(kind=QuestionKind.HEREDITARY)
