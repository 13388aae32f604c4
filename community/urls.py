"""Community's pages under /community/: the profile, members, connections, messages and one's data."""

from django.urls import path

from community.condition_requests import views as condition_requests
from community.connections import views as connections
from community.members import views as members

app_name = "community"

urlpatterns = [
    path("profile/", members.profile, name="profile"),
    path("members/<uuid:public_id>/", members.member, name="member"),
    path("join/<slug:slug>/", members.join, name="join"),
    path("memberships/<slug:slug>/role/", members.change_role, name="change_role"),
    path("memberships/<slug:slug>/leave/", members.leave, name="leave"),
    path("members/<uuid:public_id>/connect/", connections.connect, name="connect"),
    path("members/<uuid:public_id>/block/", connections.block, name="block"),
    path("members/<uuid:public_id>/unblock/", connections.unblock, name="unblock"),
    path("connections/", connections.connections, name="connections"),
    *[
        path(f"connections/<uuid:public_id>/{action}/", connections.respond, {"action": action}, name=action)
        for action in connections.ACTIONS
    ],
    path("messages/", connections.inbox, name="inbox"),
    path("messages/unread/", connections.unread, name="unread"),
    path("members/<uuid:public_id>/report/", connections.report_member, name="report_member"),
    path("messages/<uuid:public_id>/report/<int:message_id>/", connections.report_message, name="report_message"),
    path("my-data/", members.download_my_data, name="my_data"),
    path("delete-account/", members.delete_account, name="delete_account"),
    path("consent/", members.consent, name="consent"),
    path("conditions/request/", condition_requests.ask, name="ask_for_condition"),
    path("messages/<uuid:public_id>/", connections.thread, name="thread"),
]
