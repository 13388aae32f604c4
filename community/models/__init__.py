"""Community's models, one module per kind of thing; this package re-exports every public name, so
`from community.models import Profile` works wherever the model is defined. Importing the package
registers all of them with Django, as a models module does."""

from __future__ import annotations

from community.models.condition_requests import ConditionRequest, ConditionRequestAsker, RequestStatus
from community.models.connections import (
    MAX_MESSAGE_LENGTH,
    Block,
    Connection,
    ConnectionStatus,
    Message,
    RequestPolicy,
    RequestRefused,
    get_connection_or_404,
)
from community.models.map_counts import AgeCount, PlaceCount, RoleCount
from community.models.members import (
    ROLE_COUNTS,
    Membership,
    Profile,
    Sex,
    current_policy,
    get_membership_or_404,
    get_own_profile_or_404,
    get_reportable_profile_or_404,
    get_visible_profile_or_404,
    not_in_the_future,
    verified_email_exists,
)
from community.models.moderation import MODERATORS_GROUP, ModerationReason, ModerationReport
from community.models.places import Place, PlaceName
from community.models.totals import MapTotals
from community.models.visibility import ON_MAP, ON_MAP_ANY, Visibility
from conditions.roles import Role

__all__ = [
    "MAX_MESSAGE_LENGTH",
    "MODERATORS_GROUP",
    "ON_MAP",
    "ON_MAP_ANY",
    "ROLE_COUNTS",
    "AgeCount",
    "Block",
    "ConditionRequest",
    "ConditionRequestAsker",
    "Connection",
    "ConnectionStatus",
    "MapTotals",
    "Membership",
    "Message",
    "ModerationReason",
    "ModerationReport",
    "Place",
    "PlaceCount",
    "PlaceName",
    "Profile",
    "RequestPolicy",
    "RequestRefused",
    "RequestStatus",
    "Role",
    "RoleCount",
    "Sex",
    "Visibility",
    "current_policy",
    "get_connection_or_404",
    "get_membership_or_404",
    "get_own_profile_or_404",
    "get_reportable_profile_or_404",
    "get_visible_profile_or_404",
    "not_in_the_future",
    "verified_email_exists",
]
