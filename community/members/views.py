"""Members' pages: sign-up, the profile, joining and leaving a condition's map, a member's page,
consent to process health data, and their data (download, account deletion)."""

from __future__ import annotations

import json

from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.limits import may_see_members, too_many_members
from community.members.consent import remember, safe_next
from community.members.data_rights import delete_member, export_member
from community.members.forms import ConsentForm, DeleteAccountForm, JoinForm, MembershipRoleForm, ProfileForm
from community.models import (
    Block,
    ConditionRequestAsker,
    Connection,
    Membership,
    Profile,
    get_membership_or_404,
    get_own_profile_or_404,
    get_visible_profile_or_404,
)
from conditions.models import Condition, get_condition_or_404
from diseasemaps.http import require_safe

JOIN_SESSION_KEY = "join_condition"


class SignupView(AllauthSignupView):
    """allauth's sign-up, which also remembers the condition the visitor wanted to join."""

    def get_initial(self) -> dict:
        return {**super().get_initial(), "condition": self.request.session.get(JOIN_SESSION_KEY, "")}

    def form_valid(self, form):
        """Make the account, its address, profile and membership in one transaction, or none of
        them. The confirmation email is a task enqueued once it commits (AccountAdapter.send_mail):
        a mail server that fails delays the email, never the account."""
        session = dict(self.request.session)
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            # The same sign-up posted twice at once (a double click): the other one made the
            # account. Answer as if this one came second, from the form checked afresh.
            self.request.session.clear()
            self.request.session.update(session)
            return self.form_invalid(self.get_form())

    def get_context_data(self, **kwargs) -> dict:
        slug = self.request.session.get(JOIN_SESSION_KEY, "")
        condition = Condition.objects.published().filter(slug=slug).first() if slug else None
        return {**super().get_context_data(**kwargs), "join_condition": condition}


def join(request, slug: str):
    """ "Join the X community": sign up first if need be, then one step to be on X's map."""
    condition = get_condition_or_404(slug, request.user)
    if not request.user.is_authenticated:
        request.session[JOIN_SESSION_KEY] = condition.slug
        # After verifying their email, allauth signs the new member in and sends them to `next`.
        return redirect(f"{reverse('account_signup')}?{urlencode({'next': condition.get_absolute_url()})}")
    profile = Profile.objects.filter(user=request.user).first()
    if profile is None:
        request.session[JOIN_SESSION_KEY] = condition.slug
        messages.info(request, _("Tell us a little about yourself first."))
        return redirect("community:profile")
    form = JoinForm(request.POST or None, initial={"role": profile.role})
    if request.method == "POST" and form.is_valid():
        _membership, created = Membership.objects.join(profile, condition, form.cleaned_data["role"])
        if created:
            messages.success(request, _("You are now on the %(name)s map.") % {"name": condition.name})
        return redirect(condition)
    if Membership.objects.filter(member=profile, condition=condition).exists():
        return redirect(condition)
    return render(request, "community/members/join.html", {"condition": condition, "form": form})


@login_required
def profile(request):
    """My profile: who I am on the maps, where, and to whom; the conditions I joined."""
    instance = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.saved_language = instance.language  # the site answers in it from now on
        translation.activate(instance.language)
        messages.success(request, _("Your profile is saved."))
        slug = request.session.pop(JOIN_SESSION_KEY, None)
        if slug and not instance.memberships.filter(condition__slug=slug).exists():
            return redirect("community:join", slug=slug)
        return redirect("community:profile")
    memberships = instance.memberships.select_related("condition").order_by("condition__name") if instance.pk else []
    rows = [
        (membership, MembershipRoleForm(instance=membership, prefix=membership.condition.slug))
        for membership in memberships
    ]
    context = {"form": form, "profile": instance, "memberships": rows}
    context["condition_requests"] = ConditionRequestAsker.objects.of_member(request.user)
    return render(request, "community/members/profile.html", context)


@require_POST
@login_required
def change_role(request, slug: str):
    membership = get_membership_or_404(request.user, slug)
    form = MembershipRoleForm(request.POST, instance=membership, prefix=slug)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your role for %(name)s is saved.") % {"name": membership.condition.name})
    else:
        messages.error(request, _("Choose one of the roles in the list."))
    return redirect("community:profile")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def leave(request, slug: str):
    """Leave a map: GET (or HEAD) asks first, POST leaves."""
    membership = get_membership_or_404(request.user, slug)
    name = membership.condition.name
    if request.method != "POST":
        context = {
            "question": _("Leave the %(name)s map?") % {"name": name},
            "consequences": [
                _("You will no longer be counted on the %(name)s map, and members will no longer find you there.")
                % {"name": name},
                _("Your answers stay. You can join again from the condition's page."),
            ],
            "action": request.path,
            "confirm_label": _("Yes, leave the map"),
            "back_url": reverse("community:profile"),
            "back_label": _("Stay on the map"),
        }
        return render(request, "community/confirm.html", context)
    membership.delete()
    messages.success(request, _("You have left the %(name)s map.") % {"name": name})
    return redirect("community:profile")


@require_safe
@login_required
def member(request, public_id):
    """A member's profile, for signed-in members, if that member chose to be listed."""
    profile = get_visible_profile_or_404(public_id, request.user)
    if profile.user_id != request.user.pk and not may_see_members(request.user):
        return too_many_members(request)
    memberships = profile.memberships.filter(condition__is_published=True).select_related("condition")
    me = Profile.objects.filter(user=request.user).first()
    mine = me is not None and me.pk != profile.pk
    context = {
        "profile": profile,
        "memberships": memberships,
        "me": me,
        "connection": Connection.objects.between(me, profile).first() if mine else None,
        "blocked": mine and Block.objects.filter(blocker=me, blocked=profile).exists(),
    }
    return render(request, "community/members/member.html", context)


@login_required
def consent(request):
    profile = get_own_profile_or_404(request.user)
    next_url = safe_next(request, request.GET.get("next"))
    if profile.has_current_consent:
        return redirect(next_url or "community:profile")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        Profile.objects.filter(pk=profile.pk).record_health_data_consent()
        remember(request)
        messages.success(request, _("Thank you: your consent is recorded."))
        return redirect(next_url or "community:profile")
    context = {"form": form, "profile": profile, "next": next_url}
    return render(request, "community/members/consent.html", context, status=400 if form.errors else 200)


@require_safe
@login_required
def download_my_data(request):
    data = json.dumps(export_member(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    name = f"diseasemaps-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_member(user, keep_answers=not form.cleaned_data["delete_answers"])
        messages.success(request, _("Your account and your data are deleted. Take care."))
        return redirect("home")
    return render(request, "community/members/delete_account.html", {"form": form}, status=400 if form.errors else 200)
