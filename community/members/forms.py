"""Members' forms: sign-up's profile fields, the profile, joining a map, a role, consent, and
deleting one's account. (allauth's own forms, reworded, are in account_forms.py.)"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.members import display_names
from community.models import Membership, Place, Profile, RequestPolicy, Role, Visibility
from community.places.search import country_options, places_listed_in
from conditions.languages import content_language
from conditions.models import Condition

COORDINATE_KEYS = {"lat", "lng", "lon", "latitude", "longitude", "coordinates", "point", "location", "geometry"}


class PlaceWidget(forms.Widget):
    """An accessible autocomplete over /api/places/ (static/js/place-picker.js). Without
    JavaScript it is a country list, then the towns and cities of the chosen country. A saved
    place is offered alone until its country's towns are asked for: a country has thousands."""

    template_name = "community/widgets/place.html"
    country_field = "place_country"
    chosen_country: str | None = None  # set by PlaceFormMixin from the submitted data

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        place = Place.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        country = place.country_code if place else (self.chosen_country or "")
        context["widget"].update(
            place=place,
            country=country,
            chosen_country=self.chosen_country or "",
            country_field=self.country_field,
            country_options=country_options(country),
            cities=places_listed_in(self.chosen_country) if self.chosen_country else [place] if place else [],
            api_url=reverse("api:places"),
        )
        return context


class PlaceField(forms.ModelChoiceField):
    widget = PlaceWidget
    default_error_messages = {
        "required": _("Choose your town or city from the list."),
        "invalid_choice": _("That place is not in our list. Choose your town or city from the list."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Place.objects.all(), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not str(value).isdigit():  # never a coordinate or any other text: only a gazetteer id
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PlaceFormMixin:
    """Forms with a place: remember the country picked without JavaScript, refuse coordinates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data and "place" in self.fields:
            self.fields["place"].widget.chosen_country = str(self.data.get(PlaceWidget.country_field, ""))[:2]

    def clean(self):
        cleaned = super().clean()
        if COORDINATE_KEYS & set(self.data):
            raise ValidationError(
                _("Places are chosen from our list of towns and cities; coordinates are not accepted."),
                code="coordinates",
            )
        return cleaned


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=40,
        min_length=2,
        help_text=Profile._meta.get_field("display_name").help_text,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def check_display_name(name: str, email: str = "", profile: Profile | None = None) -> str:
    """The name as it will be stored, or a ValidationError: invisible characters, a staff-like
    name, the same name as anyone's, or a look-alike of a listed member's (an unlisted member's
    look-alike is allowed, so that this check never reveals their pseudonym)."""
    name = display_names.normalise(name)
    if display_names.is_reserved(name):
        raise ValidationError(_("This display name is kept for the site's staff. Choose another one."), code="reserved")
    others = Profile.objects.exclude(pk=profile.pk) if profile is not None else Profile.objects.all()
    look_alike = others.filter(name_skeleton=display_names.skeleton(name), visibility=Visibility.LISTED)
    if others.filter(display_name__iexact=name).exists() or look_alike.exists():
        raise ValidationError(_("This display name is taken. Choose another one."), code="taken")
    if "@" in name or (email and letters_and_digits(name) == letters_and_digits(email.partition("@")[0])):
        raise ValidationError(_("Choose a display name that is not your email address."), code="email")
    return name


def letters_and_digits(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


class ConsentCheckbox(forms.CheckboxInput):
    """Ticked only by what a ticked box sends: a forged "0", "no" or "off" is no consent."""

    def value_from_datadict(self, data, files, name) -> bool:
        return str(data.get(name, "")).lower() in {"on", "true", "1", "yes"}


def health_data_consent_field() -> forms.BooleanField:
    """The explicit consent to process health data (GDPR art. 9(2)(a)): a box nobody ticks for you.
    templates/community/members/_consent_field.html renders it with its full wording and links."""
    return forms.BooleanField(
        label=_("I consent to the processing of my health data as the privacy policy describes."),
        required=True,
        widget=ConsentCheckbox,
        error_messages={
            "required": _("Tick the box to give your consent: we cannot keep your health data without it."),
        },
    )


class SignupProfileForm(PlaceFormMixin, forms.Form):
    """The fields allauth's sign-up form adds to email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = display_name_field()
    role = forms.ChoiceField(label=_("How are you affected?"), choices=Role.choices, initial=Role.PATIENT)
    place = PlaceField(label=_("Where do you live?"), help_text=_("Your town or city: never an address."))
    visibility = forms.ChoiceField(
        label=_("On the map"), choices=Visibility.choices, initial=Visibility.LISTED, widget=forms.RadioSelect
    )
    condition = forms.SlugField(required=False, widget=forms.HiddenInput)
    health_data_consent = health_data_consent_field()

    field_order = ["email", "password1", "password2", "display_name", "role", "place", "visibility", "condition"]
    field_order += ["health_data_consent"]

    def clean_display_name(self) -> str:
        return check_display_name(self.cleaned_data["display_name"], str(self.data.get("email", "")))

    def clean_condition(self) -> Condition | None:
        slug = self.cleaned_data.get("condition")
        if not slug:
            return None
        condition = Condition.objects.published().filter(slug=slug).first()
        if condition is None:
            raise ValidationError(_("That condition does not exist."), code="invalid")
        return condition

    def signup(self, request, user) -> None:
        """Called by allauth once the user exists: create the profile and join the condition."""
        data = self.cleaned_data
        profile = Profile(
            user=user,
            display_name=data["display_name"],
            role=data["role"],
            place=data["place"],
            visibility=data["visibility"],
            language=content_language(),  # the one they signed up in, for the site and its emails
        )
        profile.give_health_data_consent()  # the form refuses to go on without it
        profile.save()
        if data.get("condition"):
            Membership.objects.join(profile, data["condition"], data["role"])
        request.session.pop("join_condition", None)


class ProfileForm(PlaceFormMixin, forms.ModelForm):
    display_name = display_name_field()
    place = PlaceField(label=_("Where do you live?"), help_text=_("Your town or city: never an address."))

    class Meta:
        model = Profile
        fields = ["display_name", "role", "place", "visibility", "accepts_requests", "email_notifications"]
        fields += ["sex", "birth_year", "age_at_diagnosis", "about", "language"]
        widgets = {
            "visibility": forms.RadioSelect,
            "accepts_requests": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        help_texts = {"language": _("The site and its emails to you are in this language.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepts_requests"].required = False  # left out: the default, members of shared conditions
        self.fields["language"].required = False  # left out: unchanged
        if self.instance.pk is None:  # a new profile holds health data: ask for consent first
            self.fields["health_data_consent"] = health_data_consent_field()
            self.initial.setdefault("language", content_language())

    def clean_display_name(self) -> str:
        return check_display_name(self.cleaned_data["display_name"], self.instance.user.email, self.instance)

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language or content_language()

    def clean_accepts_requests(self) -> str:
        return self.cleaned_data["accepts_requests"] or RequestPolicy.SHARED_CONDITION

    def save(self, commit: bool = True) -> Profile:
        if self.cleaned_data.get("health_data_consent"):
            self.instance.give_health_data_consent()
        return super().save(commit)


class JoinForm(forms.Form):
    role = forms.ChoiceField(label=_("How are you affected by this condition?"), choices=Role.choices)


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class ConsentForm(forms.Form):
    health_data_consent = health_data_consent_field()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    delete_answers = forms.BooleanField(
        label=_("Also delete my answers (otherwise they stay, signed “a former member”)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data are deleted for good"),
        error_messages={"required": _("Tick this box to confirm that you want to delete your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
