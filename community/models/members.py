"""Members: their profiles, their memberships of conditions' maps (with the copy the figures count
from), and the access helpers that find a profile or membership only for those who may see it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from community.members.display_names import skeleton
from community.models.connections import Block, Connection, RequestPolicy
from community.models.map_counts import MAP_ROW_FIELDS, MapRow, recount
from community.models.places import Place
from community.models.visibility import ON_MAP, ON_MAP_ANY, Visibility
from conditions.models import Answer, Condition, Question
from conditions.roles import Role
from diseasemaps.sql import BuiltOnce

ROLE_COUNTS = {  # "3 people with the condition": how the map counts each role, in the right plural
    Role.PATIENT: ngettext_lazy("%(count)s person with the condition", "%(count)s people with the condition", "count"),
    Role.FAMILY: ngettext_lazy("%(count)s family member or friend", "%(count)s family members or friends", "count"),
    Role.CAREGIVER: ngettext_lazy("%(count)s caregiver", "%(count)s caregivers", "count"),
    Role.ADVISER: ngettext_lazy("%(count)s adviser", "%(count)s advisers", "count"),
    Role.PROFESSIONAL: ngettext_lazy("%(count)s health professional", "%(count)s health professionals", "count"),
    Role.RESEARCHER: ngettext_lazy("%(count)s researcher", "%(count)s researchers", "count"),
    Role.ORGANISATION: ngettext_lazy("%(count)s organisation", "%(count)s organisations", "count"),
}


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


def not_in_the_future(year: int) -> None:
    if year > timezone.now().year:
        raise ValidationError(_("A year of birth cannot be in the future."), code="future")


def current_policy() -> str:
    return settings.PRIVACY_POLICY_VERSION


def verified_email_exists() -> Exists:
    from allauth.account.models import EmailAddress

    return Exists(EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True))


class ProfileQuerySet(models.QuerySet):
    def on_maps(self) -> ProfileQuerySet:
        """Profiles that count on maps: active, verified accounts that did not choose to hide."""
        return self.filter(verified_email_exists(), user__is_active=True).exclude(visibility=Visibility.HIDDEN)

    def language_of(self, email: str) -> str | None:
        """The saved language of the member with this email, if any: the language of emails to them."""
        return self.filter(user__email__iexact=email).values_list("language", flat=True).first()

    def record_health_data_consent(self) -> int:
        """Record consent to the current privacy policy, now. An UPDATE, so that no map moves."""
        return self.update(health_data_consent_at=timezone.now(), health_data_consent_version=current_policy())


class Profile(models.Model):
    """What a member shows of themselves. Public addresses use `public_id`, never the user id."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(
        _("display name"),
        max_length=40,
        validators=[MinLengthValidator(2)],
        help_text=_("A pseudonym other members will know you by. Not your email, and it need not be your name."),
    )
    # What the name looks like (community/members/display_names.py), to refuse look-alikes of listed names.
    name_skeleton = models.CharField(max_length=200, editable=False, db_index=True, default="")
    role = models.CharField(_("how you are affected"), max_length=20, choices=Role.choices, default=Role.PATIENT)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("place"))
    visibility = models.CharField(
        _("map visibility"), max_length=10, choices=Visibility.choices, default=Visibility.LISTED
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900), not_in_the_future]
    )
    age_at_diagnosis = models.PositiveSmallIntegerField(
        _("age at diagnosis"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    about = models.TextField(_("about you"), max_length=1000, blank=True)
    accepts_requests = models.CharField(
        _("who may ask to connect with you"),
        max_length=10,
        choices=RequestPolicy.choices,
        default=RequestPolicy.SHARED_CONDITION,
    )
    email_notifications = models.BooleanField(
        _("email me when someone asks to connect or writes to me"),
        default=True,
        help_text=_("At most one email an hour for each conversation."),
    )
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # Explicit consent to process health data (GDPR art. 9(2)(a)), and the privacy policy it was given to.
    health_data_consent_at = models.DateTimeField(_("consent to process health data given at"), null=True, blank=True)
    health_data_consent_version = models.CharField(_("privacy policy version consented to"), max_length=20, blank=True)
    # Counted on a published map when its memberships last changed (community/models/totals.py).
    on_a_map = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="profile_unique_display_name_ci"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.name_skeleton = skeleton(self.display_name)
        if kwargs.get("update_fields") is not None and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_skeleton"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community:member", args=[self.public_id])

    def give_health_data_consent(self) -> None:
        """Consent to the current privacy policy, now (saved with the profile)."""
        self.health_data_consent_at = timezone.now()
        self.health_data_consent_version = current_policy()

    @property
    def has_current_consent(self) -> bool:
        return self.health_data_consent_at is not None and self.health_data_consent_version == current_policy()


@dataclass
class CopiesRefreshed:
    people: dict[int, int] = field(default_factory=dict)  # condition id -> people gained (or lost)
    before: list[MapRow] = field(default_factory=list)
    after: list[MapRow] = field(default_factory=list)


OWN_BOX_FIELDS = (
    "role",
    "member__display_name",
    "member__visibility",
    "member__place__name",
    "member__place__country_code",
    "member__place__admin1",
)


class MembershipQuerySet(models.QuerySet):
    def own(self, condition, user) -> Membership | None:
        """A member's own membership of a condition, unsaved, with only what their box on its page
        shows: one small query on every view of the page, built once (OWN_BOX, diseasemaps/sql.py)."""
        if not user.is_authenticated:
            return None
        row = OWN_BOX.first(self.db, condition.pk, user.pk)
        if row is None:
            return None
        role, display_name, visibility, place_name, country_code, admin1 = row
        place = Place(name=place_name, country_code=country_code, admin1=admin1)
        member = Profile(display_name=display_name, visibility=visibility, place=place)
        return Membership(role=role, member=member, condition=condition)

    def counted(self) -> MembershipQuerySet:
        """Memberships that count in a map's figures (see docs/design.md, privacy model)."""
        return self.filter(visibility__in=ON_MAP)

    def copy_profiles(self) -> int:
        """Copy each member's place, age at diagnosis and effective visibility onto their
        memberships, in one UPDATE, and count their conditions' maps afresh (after a bulk update of
        profiles, which sends no signal); return how many memberships it touched."""
        with transaction.atomic():
            condition_ids = list(self.order_by().values_list("condition_id", flat=True).distinct())
            conditions = Condition.objects.filter(pk__in=condition_ids).select_for_update()
            list(conditions.order_by("pk").values_list("pk"))  # held: no join slips into the count
            copied = self.update_copies()
            if copied:
                recount(conditions, Membership.objects.counted())
                conditions.move_map(afresh=True)
        return copied

    def map_rows(self) -> list[MapRow]:
        return [MapRow(*row) for row in self.values_list(*MAP_ROW_FIELDS)]

    def update_copies(self) -> int:
        """copy_profiles() without counting again: the caller counts what changed."""
        profile = Profile.objects.filter(pk=OuterRef("member_id"))
        return self.update(
            place_id=Subquery(profile.values("place_id")),
            country_code=Subquery(profile.values("place__country_code")),
            age_at_diagnosis=Subquery(profile.values("age_at_diagnosis")),
            visibility=Case(
                When(Exists(profile.on_maps()), then=Subquery(profile.values("visibility"))),
                default=Value(Visibility.HIDDEN),
            ),
        )

    def refresh_copies(self) -> CopiesRefreshed:
        """Copy the profiles onto these (few) memberships, locked; return the conditions whose
        figures changed for visitors (only a membership counted before or after matters), each with
        how many people it gained or lost, and those memberships before and after (for the counts)."""
        before = {row[0]: MapRow(*row[1:]) for row in self.select_for_update().values_list("pk", *MAP_ROW_FIELDS)}
        self.filter(pk__in=before).update_copies()
        after = {row[0]: MapRow(*row[1:]) for row in self.filter(pk__in=before).values_list("pk", *MAP_ROW_FIELDS)}
        refreshed = CopiesRefreshed()
        for pk, now in after.items():
            was = before[pk]
            if now != was and ON_MAP_ANY.intersection((now.visibility, was.visibility)):
                gained = (now.visibility in ON_MAP_ANY) - (was.visibility in ON_MAP_ANY)
                refreshed.people[now.condition_id] = refreshed.people.get(now.condition_id, 0) + gained
                refreshed.before.append(was)
                refreshed.after.append(now)
        return refreshed

    def of_user(self, user_id: int) -> MembershipQuerySet:
        return self.filter(member__user_id=user_id)

    def answering(self, user, question: Question) -> Membership | None:
        """The user's membership of the question's condition: only members answer its questions."""
        if not user.is_authenticated:
            return None
        return self.of_user(user.pk).filter(condition_id=question.condition_id).select_related("member").first()

    def listed_in(self, condition: Condition) -> MembershipQuerySet:
        """The members of a condition whom signed-in members may see by name, by pseudonym."""
        listed = self.filter(condition=condition, visibility=Visibility.LISTED)
        return listed.order_by(Lower("member__display_name"), "pk")

    def listed_at(self, condition: Condition, place: Place) -> MembershipQuerySet:
        """Who signed-in members may see by name at a place of a condition's map."""
        return (
            self.filter(condition=condition, place=place, visibility=Visibility.LISTED)
            .select_related("member")
            .order_by("member__display_name", "pk")
        )

    def join(self, member: Profile, condition: Condition, role: str) -> tuple[Membership, bool]:
        """Put a member on a condition's map once, however many times the request arrives."""
        try:
            with transaction.atomic():
                return self.get_or_create(member=member, condition=condition, defaults={"role": role})
        except IntegrityError:  # a concurrent request created it between our read and our write
            return self.get(member=member, condition=condition), False


class Membership(models.Model):
    """A member on a condition's map, in a role of their own for that condition.

    The map's figures are counted from memberships alone, without joining profiles, users and
    email addresses for every member: each membership carries a copy of its member's place,
    country and age at diagnosis, and its effective visibility (the profile's, or hidden while the
    account is inactive or has no verified email). `save()` and `copy_profiles()` keep the copy;
    community/signals.py calls them whenever the profile, account or email addresses change.
    """

    member = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="memberships")
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("how you are affected"), max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", editable=False)
    country_code = models.CharField(max_length=2, editable=False)
    age_at_diagnosis = models.PositiveSmallIntegerField(null=True, editable=False)
    visibility = models.CharField(
        _("map visibility"), max_length=10, choices=Visibility.choices, default=Visibility.HIDDEN, editable=False
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "condition"], name="membership_one_per_member_and_condition")
        ]
        indexes = [
            models.Index(fields=["condition", "member"], name="membership_cond_member_idx"),
            # Covering indexes for the map's figures: by country and role, by age, by place.
            models.Index(fields=["condition", "country_code", "role", "visibility"], name="membership_map_country_idx"),
            models.Index(fields=["condition", "age_at_diagnosis", "visibility"], name="membership_map_age_idx"),
            models.Index(fields=["condition", "place", "country_code", "visibility"], name="membership_map_place_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.condition}"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            # The membership as counted until now, locked (community/signals.py counts the change).
            rows = [] if self._state.adding else Membership.objects.select_for_update().filter(pk=self.pk).map_rows()
            self.map_row_before = rows[0] if rows else None
            # Whether visitors' figures may change with this save.
            self.counted_before = bool(rows) and rows[0].visibility in ON_MAP
            self.copy_profile()
            super().save(*args, **kwargs)

    @property
    def map_row(self) -> MapRow:
        return MapRow(*(getattr(self, name) for name in MAP_ROW_FIELDS))

    @property
    def shows_to_visitors(self) -> bool:
        return self.visibility in ON_MAP or getattr(self, "counted_before", False)

    def answer(self, question: Question, text: str, choice: str = "", **language) -> Answer:
        """Write (or rewrite) this member's answer to a question of their condition; `language` and
        `detect` as Answer.objects.write takes them."""
        member = self.member
        listed = member.visibility == Visibility.LISTED
        fields = {"name": member.display_name, "listed": listed, "role": self.role, "text": text, "choice": choice}
        return Answer.objects.write(question, member.user, **fields, **language)

    def copy_profile(self) -> None:
        member = self.member
        self.place_id = member.place_id
        self.country_code = member.place.country_code
        self.age_at_diagnosis = member.age_at_diagnosis
        on_maps = Profile.objects.on_maps().filter(pk=member.pk).exists()
        self.visibility = member.visibility if on_maps else Visibility.HIDDEN


def get_membership_or_404(user, condition_slug: str) -> Membership:
    """The signed-in user's own membership of a condition; anybody else's is a 404."""
    try:
        return Membership.objects.select_related("condition").get(member__user=user, condition__slug=condition_slug)
    except Membership.DoesNotExist:
        raise Http404(_("You are not on this map.")) from None


def get_own_profile_or_404(user) -> Profile:
    """The signed-in member's own profile; members without one have nothing to reach yet."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        raise Http404(_("Create your profile first."))
    return profile


def get_visible_profile_or_404(public_id, viewer) -> Profile:
    """A member's profile, for signed-in viewers, if the member is listed or already connected
    with the viewer, and neither blocked the other; one's own always. Anything else is a 404."""
    profiles = Profile.objects.select_related("place")
    if viewer.is_authenticated:
        own = profiles.filter(public_id=public_id, user=viewer).first()
        if own:
            return own
        found = profiles.on_maps().filter(public_id=public_id).first()
        mine = Profile.objects.filter(user=viewer).first()
        if found and mine and Block.objects.between(found, mine).exists():
            found = None
        if found and found.visibility != Visibility.LISTED:
            connected = mine and Connection.objects.between(found, mine).accepted().exists()
            found = found if connected else None
        if found:
            return found
    raise Http404(_("No such member."))


def get_reportable_profile_or_404(public_id, viewer) -> Profile:
    """A member the viewer may report: one whose profile they may see, or anyone who reached out to
    them with a request, whatever that member's visibility. Anything else is a 404."""
    try:
        return get_visible_profile_or_404(public_id, viewer)
    except Http404:
        mine = Profile.objects.filter(user=viewer).first() if viewer.is_authenticated else None
        reached_out = Connection.objects.of(mine).filter(requested_by__public_id=public_id) if mine else None
        connection = reached_out.exclude(requested_by=mine).select_related("requested_by").first() if mine else None
        if connection is None:
            raise
        return connection.requested_by


OWN_BOX = BuiltOnce(
    lambda condition_id, user_id: (
        Membership.objects.filter(condition_id=condition_id, member__user_id=user_id)
        .order_by()
        .values_list(*OWN_BOX_FIELDS)[:1]
    ),
    -1,
    -2,
)
