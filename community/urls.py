from django.urls import path

from community import views, views_map

app_name = "community"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("members/<uuid:public_id>/", views_map.member, name="member"),
    path("join/<slug:slug>/", views.join, name="join"),
    path("memberships/<slug:slug>/role/", views.change_role, name="change_role"),
    path("memberships/<slug:slug>/leave/", views.leave, name="leave"),
]
