from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("join/<slug:slug>/", views.join, name="join"),
    path("memberships/<slug:slug>/role/", views.change_role, name="change_role"),
    path("memberships/<slug:slug>/leave/", views.leave, name="leave"),
]
