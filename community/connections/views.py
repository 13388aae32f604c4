"""Connect with a member, answer requests, block, talk in private messages, and report a member or
a message to the moderators.

Every view works on the signed-in member's own profile and reaches others only through the
access helpers (`get_visible_profile_or_404`, `get_connection_or_404`): anything else is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from community.connections.forms import ConnectForm, MessageForm, ModerationForm
from community.limits import within_limit
from community.models import (
    ModerationReport,
    Profile,
    get_own_profile_or_404,
    get_reportable_profile_or_404,
    get_visible_profile_or_404,
)
from community.models.connections import (
    MAX_NOTE_LENGTH,
    Block,
    Connection,
    ConnectionStatus,
    Message,
    get_connection_or_404,
)
from diseasemaps.http import require_safe

THREADS_PER_PAGE = 20
MESSAGES_SHOWN = 200


@require_POST
@login_required
def connect(request, public_id):
    me = get_own_profile_or_404(request.user)
    other = get_visible_profile_or_404(public_id, request.user)
    form = ConnectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note can be at most %(count)d characters.") % {"count": MAX_NOTE_LENGTH})
        return redirect(other)
    if not within_limit(request.user, "request"):
        messages.error(request, _("You have sent many requests today. Please try again tomorrow."))
        return redirect(other)
    try:
        connection = Connection.objects.request(me, other, form.cleaned_data["note"])
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(other)
    if connection.status == ConnectionStatus.ACCEPTED:
        messages.success(request, _("You are now connected with %(name)s.") % {"name": other.display_name})
    else:
        messages.success(request, _("Your request is sent to %(name)s.") % {"name": other.display_name})
    return redirect(other)


ACTIONS = {
    "accept": (Connection.accept, gettext_lazy("You are now connected.")),
    "decline": (Connection.decline, gettext_lazy("Request declined.")),
    "cancel": (Connection.cancel, gettext_lazy("Request cancelled.")),
    "remove": (Connection.remove, gettext_lazy("Connection removed.")),
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def respond(request, public_id, action: str):
    """Accept, decline, cancel or remove, on one of one's own connections. Removing asks first (GET)."""
    if request.method != "POST" and action != "remove":
        return HttpResponseNotAllowed(["POST"])
    me = get_own_profile_or_404(request.user)
    connection = get_connection_or_404(me, public_id)
    if request.method != "POST":
        return ask_before_removing(request, connection, connection.other(me))
    change, done = ACTIONS[action]
    try:
        change(connection, me)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, done)
    return redirect("community:connections")


def ask_before_removing(request, connection, other):
    name = other.display_name
    context = {
        "question": _("Remove your connection with %(name)s?") % {"name": name},
        "consequences": [
            _("Your conversation with %(name)s is deleted, for both of you. It cannot be undone.") % {"name": name},
            _("To talk again, one of you will have to ask to connect again."),
        ],
        "action": request.path,
        "confirm_label": _("Yes, remove the connection"),
        "back_url": reverse("community:connections"),
        "back_label": _("Keep the connection"),
    }
    return render(request, "community/confirm.html", context)


@require_POST
@login_required
def block(request, public_id):
    """Answers alike whether the id is a member's or not, and names nobody."""
    me = get_own_profile_or_404(request.user)
    try:
        Block.objects.block_by_id(me, public_id)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("community:connections")
    messages.success(request, _("The member is blocked. They are not told."))
    return redirect("community:connections")


@require_POST
@login_required
def unblock(request, public_id):
    me = get_own_profile_or_404(request.user)
    Block.objects.filter(blocker=me, blocked__public_id=public_id).delete()
    messages.success(request, _("Unblocked."))
    return redirect("community:connections")


@require_safe
@login_required
def connections(request):
    """Requests to answer, requests sent, connections, and the members one blocked."""
    me = get_own_profile_or_404(request.user)
    mine = Connection.objects.of(me).select_related("low", "high")
    hidden = Block.objects.hidden_from(me)
    rows = [(connection, connection.other(me)) for connection in mine.order_by("-created_at")]
    rows = [(connection, other) for connection, other in rows if other.pk not in hidden]
    context = {
        "incoming": [row for row in rows if row[0].is_recipient(me)],
        "outgoing": [
            row for row in rows if row[0].status != ConnectionStatus.ACCEPTED and row[0].requested_by_id == me.pk
        ],
        "connected": [row for row in rows if row[0].status == ConnectionStatus.ACCEPTED],
        "blocked": Block.objects.made_by(me),
    }
    return render(request, "community/connections/connections.html", context)


@require_safe
@login_required
def inbox(request):
    """Conversations, the latest first, with their last message and unread counts."""
    me = get_own_profile_or_404(request.user)
    threads = Connection.objects.of(me).accepted().without_blocks().select_related("low", "high")
    threads = threads.with_last_message(me)
    threads = threads.order_by(F("last_message_at").desc(nulls_last=True), "-accepted_at", "-pk")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(thread, thread.other(me)) for thread in page.object_list]
    requests = Connection.objects.waiting_for(me).count()
    return render(request, "community/connections/inbox.html", {"page": page, "rows": rows, "requests": requests})


@login_required
def thread(request, public_id):
    """One conversation: read it (which marks it read) and write in it."""
    me = get_own_profile_or_404(request.user)
    connection = get_connection_or_404(me, public_id)
    if connection.status != ConnectionStatus.ACCEPTED:
        return redirect("community:connections")
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render_thread(request, me, connection, form, status=400)
        try:
            connection.send(me, form.cleaned_data["body"], token=form.cleaned_data["token"])
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        return redirect(connection)
    connection.mark_read(me)
    return render_thread(request, me, connection, form)


def render_thread(request, me, connection, form, status: int = 200):
    history = list(connection.messages.order_by("-created_at", "-pk")[:MESSAGES_SHOWN])[::-1]
    context = {"connection": connection, "other": connection.other(me), "history": history, "form": form}
    context["me"], context["can_message"] = me, connection.can_message()
    return render(request, "community/connections/thread.html", context, status=status)


@require_safe
@login_required
def unread(request):
    """How many messages and connection requests wait for the member: the header's badge asks
    (never cached)."""
    me = Profile.objects.filter(user=request.user).first()
    unread = Message.objects.unread_by(me).count() if me else 0
    requests = Connection.objects.waiting_for(me).count() if me else 0
    response = JsonResponse({"unread": unread, "requests": requests})
    response["Cache-Control"] = "no-store"
    return response


def file_report(request, reported, message=None, back=None):
    me = get_own_profile_or_404(request.user)
    if reported.pk == me.pk:
        raise Http404(_("You cannot report yourself."))
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not within_limit(request.user, "report"):
            messages.error(request, _("You have sent many reports today. Moderators will look at them."))
            return redirect(back or reported)
        ModerationReport.objects.create(
            reporter=me,
            reported=reported,
            message=message,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Thank you. Moderators will look at it."))
        return redirect(back or reported)
    context = {"form": form, "reported": reported, "reported_message": message}
    return render(request, "community/connections/report.html", context, status=400 if form.errors else 200)


@login_required
def report_member(request, public_id):
    return file_report(request, get_reportable_profile_or_404(public_id, request.user))


@login_required
def report_message(request, public_id, message_id: int):
    """Only a message the other member sent in one's own conversation can be reported."""
    me = get_own_profile_or_404(request.user)
    connection = get_connection_or_404(me, public_id)
    message = connection.messages.filter(pk=message_id).exclude(sender=me).first()
    if message is None:
        raise Http404(_("No such message."))
    return file_report(request, connection.other(me), message, back=connection)
