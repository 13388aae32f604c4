from __future__ import annotations

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from community.models import Membership, Place, PlaceName, Profile, Role, Visibility
from community.places.gazetteer import search_keys
from conditions.curators import CURATORS_GROUP
from conditions.models import Article, ArticleSection, ArticleStatus, Condition, Question

PASSWORD = "correct horse battery staple"  # every test user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class CuratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"curator{n}")
    is_staff = True

    @factory.post_generation
    def curators_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=CURATORS_GROUP))


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Test condition {n}")
    description = "A condition made up for the tests."
    is_published = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    condition = factory.SubFactory(ConditionFactory)
    title = factory.LazyAttribute(lambda article: f"Which are the causes of {article.condition.name}?")
    intro = "What members have learnt about where this condition comes from."
    conclusion = "In short, several causes seem to play a part."
    status = ArticleStatus.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleSection

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Cause number {n}")
    body = "How this cause seems to work, in plain words."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    condition = factory.SubFactory(ConditionFactory)
    text = factory.Sequence(lambda n: f"Curator question number {n}?")


class PlaceFactory(factory.django.DjangoModelFactory):
    """A gazetteer place with its searchable names (pass `alternates=[...]` for more)."""

    class Meta:
        model = Place
        django_get_or_create = ["geonameid"]
        skip_postgeneration_save = True

    geonameid = factory.Sequence(lambda n: 9_000_000 + n)
    name = factory.Sequence(lambda n: f"Testville {n}")
    ascii_name = factory.LazyAttribute(lambda place: place.name.lower())
    country_code = "ES"
    admin1 = ""
    latitude = 40.0
    longitude = -3.0
    population = 50_000

    @factory.post_generation
    def alternates(place, create, extracted, **kwargs):
        if create:
            keys = search_keys(place.name, list(extracted or []))
            PlaceName.objects.bulk_create([PlaceName(place=place, key=key) for key in keys], ignore_conflicts=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Member {n}")
    role = Role.PATIENT
    place = factory.SubFactory(PlaceFactory)
    visibility = Visibility.LISTED
    # Members have consented to the current privacy policy; `without_consent=True` makes one who has not
    # (a member from before consent was asked).
    health_data_consent_at = factory.LazyFunction(timezone.now)
    health_data_consent_version = factory.LazyFunction(lambda: settings.PRIVACY_POLICY_VERSION)

    class Params:
        without_consent = factory.Trait(health_data_consent_at=None, health_data_consent_version="")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(ProfileFactory)
    condition = factory.SubFactory(ConditionFactory)
    role = factory.LazyAttribute(lambda membership: membership.member.role)


def verify_email(user) -> None:
    """Give a user the verified primary email allauth would, so they count on maps."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def make_member(username: str, display_name: str, place: Place, **profile_fields) -> Profile:
    """A member with a verified email who has consented (pass `without_consent=True` for one who has not)."""
    user = UserFactory(username=username)
    verify_email(user)
    return ProfileFactory(user=user, display_name=display_name, place=place, **profile_fields)


def client_for(user) -> Client:
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client
