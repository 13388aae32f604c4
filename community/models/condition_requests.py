"""Members ask for a map of a condition the site lacks; curators approve or decline the request.

The same name asked by several members is one request: names are matched folded (case, accents
and spacing ignored), with a unique constraint on the folded name of open requests, and the members
who asked are rows of ConditionRequestAsker, one per member and request. Both constraints settle
concurrent duplicates: the insert that loses finds the winner's row instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conditions.catalogue import CODE_FIELDS, NUMBERS
from conditions.models import Condition
from conditions.search import exact_name
from conditions.text import fold, split_lines

NAME_LENGTH = Condition._meta.get_field("name").max_length
MAX_NOTE_LENGTH = 1000
MAX_REASON_LENGTH = 1000
CODE_PATTERN = re.compile(r"^(ORPHA|OMIM)\s*:?\s*([0-9]+)$", re.IGNORECASE)


def normalise_code(text: str) -> str | None:
    """ "orpha 0905" -> "ORPHA:905"; None unless it is an ORPHA code or an OMIM number."""
    match = CODE_PATTERN.match(text.strip())
    if match is None:
        return None
    source, number = match.group(1).upper(), int(match.group(2))
    lowest, highest = NUMBERS[source]
    return f"{source}:{number}" if lowest <= number <= highest else None


def condition_with_code(code: str) -> Condition | None:
    """The published condition with this code ("ORPHA:905"), if there is one."""
    source, _colon, number = code.partition(":")
    return Condition.objects.published().filter(**{CODE_FIELDS[source]: number}).first()


def condition_named(name: str) -> Condition | None:
    """The published condition whose name or a synonym is `name`, ignoring case, accents and spacing."""
    return Condition.objects.published().filter(exact_name(fold(name))).only("name", "slug", "synonyms").first()


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a curator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


@dataclass(frozen=True)
class Asked:
    request: ConditionRequest
    counted: bool  # False when this member had asked for it already


class ConditionRequestQuerySet(models.QuerySet):
    def open_named(self, folded_name: str) -> ConditionRequest | None:
        """The open request of this name, locked until the transaction ends: a curator deciding it
        meanwhile waits, so that nobody joins a request whose members were already told."""
        return self.select_for_update().filter(status=RequestStatus.OPEN, folded_name=folded_name).first()

    def ask(self, user, name: str, code: str = "", note: str = "") -> Asked:
        """`user` asks for a condition named `name`: the open request of that name, or a new one,
        counting them once. A code fills in a request that has none."""
        folded = fold(name)
        with transaction.atomic():
            request = self.open_named(folded)
            if request is None:
                try:
                    with transaction.atomic():
                        request = self.create(name=name, folded_name=folded, code=code)
                except IntegrityError:  # another member asked for it at the same moment
                    request = self.open_named(folded)
            if code and not request.code:
                self.filter(pk=request.pk, code="").update(code=code)
            try:
                with transaction.atomic():
                    ConditionRequestAsker.objects.create(request=request, user=user, note=note)
            except IntegrityError:  # this member asked for it before
                return Asked(request, counted=False)
        return Asked(request, counted=True)


class ConditionRequest(models.Model):
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    folded_name = models.CharField(max_length=NAME_LENGTH, editable=False)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("ORPHA or OMIM, as ORPHA:905."))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    # The condition made from the request, or the one it was merged into.
    condition = models.ForeignKey(
        Condition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition"),
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=MAX_REASON_LENGTH, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = ConditionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("condition request")
        verbose_name_plural = _("condition requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["folded_name"], condition=Q(status="open"), name="condition_request_one_open_per_name"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="condition_request_status_idx")]

    def __str__(self) -> str:
        return self.name

    def approve(self, curator, into: Condition | None = None) -> Condition:
        """Create the condition, published with its standard questions, or merge the request into
        `into`, a published condition, whose synonyms gain the requested name."""
        with transaction.atomic():
            self.lock_open()
            condition = merge(self, into) if into is not None else create_condition(self)
            self.decide(curator, RequestStatus.APPROVED, condition=condition)
        return condition

    def decline(self, curator, reason: str) -> None:
        reason = reason.strip()
        if not reason:
            raise ValidationError(_("Tell the members why their request is declined."), code="required")
        with transaction.atomic():
            self.lock_open()
            self.decide(curator, RequestStatus.DECLINED, decline_reason=reason)

    def lock_open(self) -> None:
        """Lock the row, refusing a request someone decided meanwhile."""
        status = ConditionRequest.objects.select_for_update().filter(pk=self.pk).values_list("status", flat=True)
        if status.first() != RequestStatus.OPEN:
            raise ValidationError(_("This request was decided already."), code="decided")

    def decide(self, curator, status: str, **fields) -> None:
        from community.condition_requests.notifications import tell_askers

        for field, value in {"status": status, "decided_at": timezone.now(), "decided_by": curator, **fields}.items():
            setattr(self, field, value)
        self.save(update_fields=["status", "decided_at", "decided_by", *fields])
        tell_askers(self)


def create_condition(request: ConditionRequest) -> Condition:
    name = free_name(request.name)
    condition = Condition(name_en=name, slug=Condition.objects.free_slug(name), is_published=True)
    if request.code:
        source, _colon, number = request.code.partition(":")
        field = CODE_FIELDS[source]
        if not Condition.objects.filter(**{field: number}).exists():
            setattr(condition, field, number)
    condition.save()  # with the standard questions
    return condition


def merge(request: ConditionRequest, condition: Condition) -> Condition:
    if not condition.is_published:
        raise ValidationError(_("Choose the published condition to merge this request into."), code="unpublished")
    if request.folded_name not in {fold(name) for name in condition.all_names()}:  # in any language
        condition.synonyms_en = "\n".join([*split_lines(condition.synonyms_en or ""), request.name])
        condition.save(update_fields=["synonyms_en"])
    return condition


def free_name(name: str) -> str:
    """`name`, or "name (2)", "name (3)"... if a condition has it already."""
    taken = set(Condition.objects.filter(name_en__istartswith=name).values_list("name_en", flat=True))
    taken = {known.casefold() for known in taken}
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: NAME_LENGTH - len(suffix)] + suffix
    return candidate


class AskerQuerySet(models.QuerySet):
    def of_member(self, user, latest: int = 20) -> list[ConditionRequestAsker]:
        """The member's own latest requests, each with its request and condition: one query."""
        return list(self.filter(user=user).select_related("request__condition").order_by("-asked_at")[:latest])


class ConditionRequestAsker(models.Model):
    """One member who asked for a condition, with their note for the curators."""

    request = models.ForeignKey(ConditionRequest, on_delete=models.CASCADE, related_name="askers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="condition_requests")
    note = models.TextField(_("note"), max_length=MAX_NOTE_LENGTH, blank=True)
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)  # the outcome's email, once

    objects = AskerQuerySet.as_manager()

    class Meta:
        verbose_name = _("member asking")
        verbose_name_plural = _("members asking")
        ordering = ["asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="condition_request_asker_once"),
        ]

    def __str__(self) -> str:
        return str(self.request)
