from django.urls import path

from community import views, views_connections, views_consent, views_data, views_map, views_reports

app_name = "community"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("members/<uuid:public_id>/", views_map.member, name="member"),
    path("join/<slug:slug>/", views.join, name="join"),
    path("memberships/<slug:slug>/role/", views.change_role, name="change_role"),
    path("memberships/<slug:slug>/leave/", views.leave, name="leave"),
    path("members/<uuid:public_id>/connect/", views_connections.connect, name="connect"),
    path("members/<uuid:public_id>/block/", views_connections.block, name="block"),
    path("members/<uuid:public_id>/unblock/", views_connections.unblock, name="unblock"),
    path("connections/", views_connections.connections, name="connections"),
    *[
        path(f"connections/<uuid:public_id>/{action}/", views_connections.respond, {"action": action}, name=action)
        for action in views_connections.ACTIONS
    ],
    path("messages/", views_connections.inbox, name="inbox"),
    path("messages/unread/", views_connections.unread, name="unread"),
    path("members/<uuid:public_id>/report/", views_reports.report_member, name="report_member"),
    path("messages/<uuid:public_id>/report/<int:message_id>/", views_reports.report_message, name="report_message"),
    path("my-data/", views_data.download_my_data, name="my_data"),
    path("delete-account/", views_data.delete_account, name="delete_account"),
    path("consent/", views_consent.consent, name="consent"),
    path("messages/<uuid:public_id>/", views_connections.thread, name="thread"),
]
