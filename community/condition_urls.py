"""Community's pages under a condition's address, /conditions/<slug>/...: its map, its people and
the writing of answers to its questions. diseasemaps/urls.py mounts them before conditions.urls."""

from django.urls import include, path

from community.maps import views as maps

urlpatterns = [
    # The map of a condition lives in `community`, at the address docs/design.md gives it.
    path("map/", maps.condition_map, name="condition_map"),
    path("people/", maps.people, name="condition_people"),
    path("questions/<slug:question_slug>/", include("community.answers.urls")),
]
