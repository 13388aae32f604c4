"""Writing on a question's page: /conditions/<slug>/questions/<question_slug>/..."""

from django.urls import path

from community.answers import views

app_name = "answers"

urlpatterns = [
    path("answer/", views.answer, name="answer"),
    path("answer/delete/", views.delete_answer, name="delete"),
    path("answers/<int:answer_id>/helpful/", views.helpful, name="helpful"),
    path("answers/<int:answer_id>/report/", views.report, name="report"),
]
