from django.urls import path

from conditions import views

app_name = "conditions"

urlpatterns = [
    path("", views.condition_index, name="index"),
    path("<slug:slug>/", views.condition_detail, name="detail"),
    path("<slug:slug>/causes/", views.causes_article, name="causes"),
    path("<slug:slug>/questions/", views.question_list, name="questions"),
    path("<slug:slug>/questions/<slug:question_slug>/", views.question_detail, name="question"),
]
