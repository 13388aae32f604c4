"""Community's API routes, included by the project's API urls (diseasemaps/api_urls.py) under
/api/, in its "api" namespace."""

from django.urls import path

from community.answers import api as answers
from community.connections import api as connections
from community.maps import api as maps
from community.members import api as members
from community.places import api as places

urlpatterns = [
    path("places/", places.PlaceSearchView.as_view(), name="places"),
    path("me/", members.MeView.as_view(), name="me"),
    path("me/memberships/", members.MyMembershipsView.as_view(), name="my-memberships"),
    path("me/memberships/<slug:slug>/", members.MyMembershipView.as_view(), name="my-membership"),
    path("conditions/<slug:slug>/map/", maps.ConditionMapView.as_view(), name="condition-map"),
    path("conditions/<slug:slug>/map/places/", maps.MapPlacesView.as_view(), name="condition-map-places"),
    path(
        "conditions/<slug:slug>/map/places/<int:place_id>/members/",
        maps.PlaceMembersView.as_view(),
        name="map-place-members",
    ),
    path("conditions/<slug:slug>/questions/", answers.ConditionQuestionsView.as_view(), name="condition-questions"),
    path("questions/<int:question_id>/answers/", answers.QuestionAnswersView.as_view(), name="question-answers"),
    path("questions/<int:question_id>/answers/mine/", answers.MyAnswerView.as_view(), name="my-answer"),
    path("answers/<int:answer_id>/helpful/", answers.HelpfulView.as_view(), name="answer-helpful"),
    path("answers/<int:answer_id>/reports/", answers.ReportView.as_view(), name="answer-reports"),
    path("connections/", connections.ConnectionsView.as_view(), name="connections"),
    path("connections/<uuid:connection_id>/", connections.ConnectionView.as_view(), name="connection"),
    *[
        path(
            f"connections/<uuid:connection_id>/{action}/",
            connections.ConnectionActionView.as_view(action=action),
            name=f"connection-{action}",
        )
        for action in ("accept", "decline", "cancel")
    ],
    path("connections/<uuid:connection_id>/messages/", connections.MessagesView.as_view(), name="messages"),
    path("blocks/", connections.BlocksView.as_view(), name="blocks"),
    path("blocks/<uuid:member_id>/", connections.BlockView.as_view(), name="block"),
    path("reports/", connections.ReportsView.as_view(), name="reports"),
    path("me/export/", members.ExportView.as_view(), name="my-export"),
    path("me/delete/", members.DeleteAccountView.as_view(), name="my-delete"),
]
