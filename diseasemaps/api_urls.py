from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from community import api as community_api
from community import api_answers, api_connections, api_map

app_name = "api"


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """What the API offers, with links."""
    links = {
        "places": "api:places",
        "me": "api:me",
        "my_memberships": "api:my-memberships",
        "connections": "api:connections",
        "blocks": "api:blocks",
        "reports": "api:reports",
        "my_data": "api:my-export",
        "schema": "api:schema",
        "docs": "api:docs",
    }
    return Response({name: request.build_absolute_uri(reverse(view)) for name, view in links.items()})


urlpatterns = [
    path("", api_root, name="root"),
    path("places/", community_api.PlaceSearchView.as_view(), name="places"),
    path("me/", community_api.MeView.as_view(), name="me"),
    path("me/memberships/", community_api.MyMembershipsView.as_view(), name="my-memberships"),
    path("me/memberships/<slug:slug>/", community_api.MyMembershipView.as_view(), name="my-membership"),
    path("conditions/<slug:slug>/map/", api_map.ConditionMapView.as_view(), name="condition-map"),
    path("conditions/<slug:slug>/map/places/", api_map.MapPlacesView.as_view(), name="condition-map-places"),
    path(
        "conditions/<slug:slug>/map/places/<int:place_id>/members/",
        api_map.PlaceMembersView.as_view(),
        name="map-place-members",
    ),
    path("conditions/<slug:slug>/questions/", api_answers.ConditionQuestionsView.as_view(), name="condition-questions"),
    path("questions/<int:question_id>/answers/", api_answers.QuestionAnswersView.as_view(), name="question-answers"),
    path("questions/<int:question_id>/answers/mine/", api_answers.MyAnswerView.as_view(), name="my-answer"),
    path("answers/<int:answer_id>/helpful/", api_answers.HelpfulView.as_view(), name="answer-helpful"),
    path("answers/<int:answer_id>/reports/", api_answers.ReportView.as_view(), name="answer-reports"),
    path("connections/", api_connections.ConnectionsView.as_view(), name="connections"),
    path("connections/<uuid:connection_id>/", api_connections.ConnectionView.as_view(), name="connection"),
    *[
        path(
            f"connections/<uuid:connection_id>/{action}/",
            api_connections.ConnectionActionView.as_view(action=action),
            name=f"connection-{action}",
        )
        for action in ("accept", "decline", "cancel")
    ],
    path("connections/<uuid:connection_id>/messages/", api_connections.MessagesView.as_view(), name="messages"),
    path("blocks/", api_connections.BlocksView.as_view(), name="blocks"),
    path("blocks/<uuid:member_id>/", api_connections.BlockView.as_view(), name="block"),
    path("reports/", api_connections.ReportsView.as_view(), name="reports"),
    path("me/export/", api_connections.ExportView.as_view(), name="my-export"),
    path("me/delete/", api_connections.DeleteAccountView.as_view(), name="my-delete"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles; its scripts still need this site's files and nonce.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
