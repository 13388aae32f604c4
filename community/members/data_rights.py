"""A member's data rights (GDPR articles 15, 17 and 20): everything about them as one JSON file, and
the deletion of their account that leaves no row pointing at them.

The export holds no other member's email or place: other members appear by pseudonym only.
Deleting an account deletes the member's private conversations for both sides (a message cannot
be kept without its sender), and keeps their answers only if they ask, as "a former member"."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.models import ConditionRequestAsker, Profile
from community.models.connections import Block, Connection, Message
from conditions.models import Answer, AnswerReport, Condition, HelpfulVote, Question

FORMER_MEMBER = "a former member"
EXPORT_FORMAT = "diseasemaps-member-export/1"
WITHDRAW_CONSENT = gettext_lazy(
    "Your consent lets us keep your health data (GDPR art. 9(2)(a)). To withdraw it, leave your maps and delete your"
    " answers in My profile, or delete your account, which erases everything."
)


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export_member(user) -> dict:
    """Everything Diseasemaps holds about `user`, in one JSON-ready dict."""
    profile = Profile.objects.filter(user=user).select_related("place").first()
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": iso(timezone.now()),
        "account": {
            "username": user.username,
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
        "profile": profile_data(profile) if profile else None,
        "consent": consent_data(profile),
        "answers": [
            {
                "condition": answer.question.condition.name,
                "question": answer.question.text,
                "choice": answer.choice,
                "text": answer.text,
                "language": answer.language,
                "helpful_votes": answer.helpful_count,
                "hidden_by_curators": answer.is_hidden,
                "created_at": iso(answer.created_at),
                "updated_at": iso(answer.updated_at),
            }
            for answer in Answer.objects.filter(author=user).select_related("question__condition")
        ],
        "helpful_votes": [
            {"question": vote.answer.question.text, "answer_by": vote.answer.named_author, "at": iso(vote.created_at)}
            for vote in HelpfulVote.objects.filter(voter=user).select_related("answer__question")
        ],
        "reports": [
            {"question": report.answer.question.text, "reason": report.reason, "note": report.note}
            for report in AnswerReport.objects.filter(reporter=user).select_related("answer__question")
        ],
        "condition_requests": [
            {
                "name": asked.request.name,
                "code": asked.request.code,
                "note": asked.note,
                "asked_at": iso(asked.asked_at),
                "status": asked.request.status,
                "decline_reason": asked.request.decline_reason,
                "condition": asked.request.condition.name if asked.request.condition else None,
            }
            for asked in ConditionRequestAsker.objects.filter(user=user).select_related("request__condition")
        ],
    }
    if profile:
        data.update(social_data(profile))
    return data


def consent_data(profile: Profile | None) -> dict:
    given = profile is not None and profile.health_data_consent_at is not None
    return {
        "health_data": {
            "given_at": iso(profile.health_data_consent_at),
            "policy_version": profile.health_data_consent_version,
        }
        if given
        else None,
        "how_to_withdraw": str(WITHDRAW_CONSENT),
    }


def profile_data(profile: Profile) -> dict:
    return {
        "public_id": str(profile.public_id),
        "display_name": profile.display_name,
        "role": profile.role,
        "place": profile.place.label,
        "visibility": profile.visibility,
        "accepts_requests": profile.accepts_requests,
        "sex": profile.sex,
        "birth_year": profile.birth_year,
        "age_at_diagnosis": profile.age_at_diagnosis,
        "about": profile.about,
        "created_at": iso(profile.created_at),
        "memberships": [
            {"condition": membership.condition.name, "role": membership.role, "joined_at": iso(membership.joined_at)}
            for membership in profile.memberships.select_related("condition")
        ],
    }


def social_data(profile: Profile) -> dict:
    """Connections and one's own conversations, with others by pseudonym only."""
    connections = Connection.objects.of(profile).select_related("low", "high")
    messages = Message.objects.filter(connection__in=connections).select_related("connection").order_by("created_at")
    threads: dict[int, list] = {}
    for message in messages:
        sender = "me" if message.sender_id == profile.pk else message.connection.other(profile).display_name
        threads.setdefault(message.connection_id, []).append(
            {"from": sender, "text": message.body, "at": iso(message.created_at)}
        )
    return {
        "connections": [
            {
                "with": connection.other(profile).display_name,
                "status": connection.status,
                "asked_by_me": connection.requested_by_id == profile.pk,
                "note": connection.note,
                "created_at": iso(connection.created_at),
                "messages": threads.get(connection.pk, []),
            }
            for connection in connections
        ],
        "blocked": [block.blocked.display_name if block.known else None for block in Block.objects.made_by(profile)],
    }


@transaction.atomic
def delete_member(user, *, keep_answers: bool) -> None:
    """Delete the account and everything that points at it. Answers stay, as "a former member",
    only with `keep_answers`; votes, reports, blocks, connections and their messages go."""
    answers = Answer.objects.filter(author=user)
    question_ids = list(answers.values_list("question_id", flat=True))
    if keep_answers:
        answers.update(author=None, author_name=FORMER_MEMBER, author_listed=False)
    else:
        answers.delete()
    voted = list(HelpfulVote.objects.filter(voter=user).values_list("answer_id", flat=True))
    HelpfulVote.objects.filter(voter=user).delete()
    Answer.objects.filter(pk__in=voted).recount_votes()
    delete_sessions_of(user)
    user.delete()  # cascades: profile, memberships, connections, messages, blocks, emails, reports
    Question.objects.filter(pk__in=question_ids).touch()
    Condition.objects.filter(questions__in=question_ids).touch_answers()


def delete_sessions_of(user) -> int:
    """Sessions hold the user id in their data: find them by decoding the live ones."""
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)
