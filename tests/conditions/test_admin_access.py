"""The curator admin: who may log in and do what, and who sees draft previews."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conditions.curators import CURATORS_GROUP
from conditions.models import Article, ArticleStatus, Condition, Question
from tests.conditions.admin_helpers import (
    ARTICLES_CHANGELIST,
    CONDITIONS_CHANGELIST,
    DRAFT_BANNER,
    action_names,
    run_action,
)
from tests.factories import ArticleFactory, ConditionFactory, SectionFactory

pytestmark = pytest.mark.django_db


# The Curators group ----------------------------------------------------------------------------------------------


def test_curators_group_has_exactly_the_curator_permissions():
    group = Group.objects.get(name=CURATORS_GROUP)

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert codenames == {
        "add_condition",
        "change_condition",
        "view_condition",
        "add_article",
        "change_article",
        "view_article",
        "add_articlesection",
        "change_articlesection",
        "delete_articlesection",
        "view_articlesection",
        "add_question",
        "change_question",
        "delete_question",
        "view_question",
        "change_answer",
        "view_answer",
        "view_answerreport",
        "view_conditionrequest",
        "change_conditionrequest",
    }
    assert "delete_condition" not in codenames
    assert "delete_article" not in codenames
    assert "add_answer" not in codenames and "delete_answer" not in codenames  # curators hide, never write


def test_curators_group_permissions_are_the_conditions_app_and_condition_requests():
    group = Group.objects.get(name=CURATORS_GROUP)

    outside = group.permissions.exclude(content_type__app_label="conditions")
    assert set(outside.values_list("content_type__app_label", "codename")) == {
        ("community", "view_conditionrequest"),
        ("community", "change_conditionrequest"),
    }


def test_curator_cannot_manage_users_or_groups(curator):
    permissions = curator.get_all_permissions()

    assert not [perm for perm in permissions if perm.startswith("auth.")]
    assert not curator.has_module_perms("auth")
    assert not curator.is_superuser


# Logging into the admin ------------------------------------------------------------------------------------------


def test_curator_sees_admin_index_and_the_conditions_and_articles_changelists(curator_client, condition):
    assert curator_client.get(reverse("admin:index")).status_code == 200

    conditions = curator_client.get(reverse(CONDITIONS_CHANGELIST))
    articles = curator_client.get(reverse(ARTICLES_CHANGELIST))

    assert conditions.status_code == 200
    assert list(conditions.context["cl"].result_list) == [condition]
    assert articles.status_code == 200
    assert list(articles.context["cl"].result_list) == [condition.articles.get(language="en")]


def test_curator_admin_index_lists_conditions_but_not_users(curator_client):
    response = curator_client.get(reverse("admin:index"))

    apps = {app["app_label"]: {model["object_name"] for model in app["models"]} for app in response.context["app_list"]}
    assert set(apps) == {"conditions", "community"} and apps["community"] == {"ConditionRequest"}
    assert reverse("admin:auth_user_changelist") not in response.content.decode()


@pytest.mark.parametrize("url_name", ["admin:index", CONDITIONS_CHANGELIST, ARTICLES_CHANGELIST])
def test_plain_member_is_redirected_to_the_admin_login(client, alice, url_name):
    client.force_login(alice)
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("url_name", ["admin:index", CONDITIONS_CHANGELIST, ARTICLES_CHANGELIST])
def test_anonymous_visitor_is_redirected_to_the_admin_login(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


# What curators may not do ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist"]
)
def test_curator_cannot_open_user_and_group_admin(curator_client, url_name):
    assert curator_client.get(reverse(url_name)).status_code == 403


def test_curator_cannot_edit_another_user(curator_client, alice):
    url = reverse("admin:auth_user_change", args=[alice.pk])

    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"username": "alice", "is_staff": "on"}).status_code == 403
    alice.refresh_from_db()
    assert not alice.is_staff


def test_curator_condition_changelist_offers_no_delete_action(curator_client, condition):
    response = curator_client.get(reverse(CONDITIONS_CHANGELIST))

    assert action_names(response) == {"publish", "unpublish"}


def test_curator_article_changelist_offers_no_delete_action(curator_client, condition):
    response = curator_client.get(reverse(ARTICLES_CHANGELIST))

    assert action_names(response) == {"publish", "unpublish", "mark_reviewed", "discard_waiting_drafts"}


def test_curator_cannot_delete_a_condition(curator_client, condition):
    url = reverse("admin:conditions_condition_delete", args=[condition.pk])

    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_curator_cannot_delete_a_condition_through_the_bulk_delete_action(curator_client, condition):
    response = run_action(curator_client, CONDITIONS_CHANGELIST, "delete_selected", condition)

    # Not one of the curator's actions: the admin refuses it and goes back to the changelist.
    assert response.status_code == 302
    messages = [str(message) for message in curator_client.get(response["Location"]).context["messages"]]
    assert messages == ["No action selected."]
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_curator_cannot_delete_an_article(curator_client, condition):
    article = condition.articles.get(language="en")
    url = reverse("admin:conditions_article_delete", args=[article.pk])

    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_superuser_can_delete_a_condition(superuser_client, condition):
    url = reverse("admin:conditions_condition_delete", args=[condition.pk])

    confirmation = superuser_client.get(url)
    assert confirmation.status_code == 200
    # Deleting a condition cascades to its questions; the superuser must not be told they lack a permission.
    assert not confirmation.context["perms_lacking"]
    assert not confirmation.context["protected"]
    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Condition.objects.filter(pk=condition.pk).exists()
    assert not Article.objects.filter(condition_id=condition.pk).exists()
    assert not Question.objects.filter(condition_id=condition.pk).exists()


def test_superuser_can_delete_conditions_with_the_bulk_delete_action(admin_client, condition, draft_condition):
    changelist = reverse(CONDITIONS_CHANGELIST)
    selected = [condition.pk, draft_condition.pk]

    confirmation = admin_client.post(changelist, {"action": "delete_selected", "_selected_action": selected})
    assert confirmation.status_code == 200
    assert not confirmation.context["perms_lacking"]
    response = admin_client.post(changelist, {"action": "delete_selected", "_selected_action": selected, "post": "yes"})

    assert response.status_code == 302
    assert not Condition.objects.filter(pk__in=selected).exists()


def test_superuser_condition_changelist_offers_the_delete_action(superuser_client, condition):
    response = superuser_client.get(reverse(CONDITIONS_CHANGELIST))

    assert action_names(response) == {"delete_selected", "publish", "unpublish"}


# Draft previews -------------------------------------------------------------------------------------------------


@pytest.fixture
def draft_article(db):
    article = ArticleFactory(condition=ConditionFactory(name="Wilson disease"), status=ArticleStatus.DRAFT)
    SectionFactory(article=article, position=1, heading="Copper build-up")
    return article


def test_staff_preview_a_draft_article_with_a_draft_banner(curator_client, draft_article):
    response = curator_client.get(reverse("conditions:causes", args=[draft_article.condition.slug]))

    assert response.status_code == 200
    assert DRAFT_BANNER in response.content.decode()
    assert "Copper build-up" in response.content.decode()


def test_superuser_previews_a_draft_article_too(superuser_client, draft_article):
    response = superuser_client.get(reverse("conditions:causes", args=[draft_article.condition.slug]))

    assert response.status_code == 200
    assert DRAFT_BANNER in response.content.decode()


def test_draft_article_is_hidden_from_anonymous_visitors(client, draft_article):
    assert client.get(reverse("conditions:causes", args=[draft_article.condition.slug])).status_code == 404


def test_draft_article_is_hidden_from_plain_members(client, alice, draft_article):
    client.force_login(alice)

    assert client.get(reverse("conditions:causes", args=[draft_article.condition.slug])).status_code == 404


def test_published_article_has_no_draft_banner(curator_client, condition):
    response = curator_client.get(reverse("conditions:causes", args=[condition.slug]))

    assert response.status_code == 200
    assert DRAFT_BANNER not in response.content.decode()
    assert "Draft" not in response.content.decode()


def test_draft_article_is_not_linked_for_visitors_on_the_condition_page(client, alice, curator, draft_article):
    detail_url = reverse("conditions:detail", args=[draft_article.condition.slug])
    causes_url = reverse("conditions:causes", args=[draft_article.condition.slug])

    client.force_login(alice)
    member_page = client.get(detail_url).content.decode()
    client.force_login(curator)
    staff_page = client.get(detail_url).content.decode()

    assert causes_url not in member_page
    assert DRAFT_BANNER not in member_page
    assert DRAFT_BANNER in staff_page
