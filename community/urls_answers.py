"""Writing on a question's page: /conditions/<slug>/questions/<question_slug>/..."""

from django.urls import path

from community import views_answers

app_name = "answers"

urlpatterns = [
    path("answer/", views_answers.answer, name="answer"),
    path("answer/delete/", views_answers.delete_answer, name="delete"),
    path("answers/<int:answer_id>/helpful/", views_answers.helpful, name="helpful"),
    path("answers/<int:answer_id>/report/", views_answers.report, name="report"),
]
