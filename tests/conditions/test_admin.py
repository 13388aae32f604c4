"""The curator admin: who may do what, the inline forms, the publish actions and draft previews."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conditions.answers import Answer
from conditions.curators import CURATORS_GROUP
from conditions.models import Article, ArticleDraft, ArticleStatus, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind
from tests.factories import ArticleFactory, ConditionFactory, QuestionFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

CONDITIONS_CHANGELIST = "admin:conditions_condition_changelist"
ARTICLES_CHANGELIST = "admin:conditions_article_changelist"
QUESTIONS_CHANGELIST = "admin:conditions_question_changelist"
DRAFT_BANNER = "This article is a draft"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def admin_form_data(response) -> dict:
    """The POST data the admin change form in `response` would send unchanged (inline extra forms left out)."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in formset.initial_forms:
            add(form)
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        data[f"{formset.prefix}-MIN_NUM_FORMS"] = 0
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = 1000
    return data


def inline_prefixes(response) -> list[str]:
    return [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]


def add_inline_row(data: dict, prefix: str, **fields) -> None:
    """Append one new row to the inline formset `prefix` in `data`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = index + 1


def run_action(client, changelist: str, action: str, *objects):
    return client.post(reverse(changelist), {"action": action, "_selected_action": [obj.pk for obj in objects]})


def action_names(response) -> set[str]:
    return {name for name, _label in response.context["action_form"].fields["action"].choices if name}


# 1. The Curators group ----------------------------------------------------------------------------------------------


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
    }
    assert "delete_condition" not in codenames
    assert "delete_article" not in codenames
    assert "add_answer" not in codenames and "delete_answer" not in codenames  # curators hide, never write


def test_curators_group_permissions_all_belong_to_the_conditions_app():
    group = Group.objects.get(name=CURATORS_GROUP)

    assert set(group.permissions.values_list("content_type__app_label", flat=True)) == {"conditions"}


def test_curator_cannot_manage_users_or_groups(curator):
    permissions = curator.get_all_permissions()

    assert not [perm for perm in permissions if perm.startswith("auth.")]
    assert not curator.has_module_perms("auth")
    assert not curator.is_superuser


# 2. Logging into the admin ------------------------------------------------------------------------------------------


def test_curator_sees_admin_index_and_the_conditions_and_articles_changelists(curator_client, condition):
    assert curator_client.get(reverse("admin:index")).status_code == 200

    conditions = curator_client.get(reverse(CONDITIONS_CHANGELIST))
    articles = curator_client.get(reverse(ARTICLES_CHANGELIST))

    assert conditions.status_code == 200
    assert list(conditions.context["cl"].result_list) == [condition]
    assert articles.status_code == 200
    assert list(articles.context["cl"].result_list) == [condition.causes_article]


def test_curator_admin_index_lists_conditions_but_not_users(curator_client):
    response = curator_client.get(reverse("admin:index"))

    app_labels = {app["app_label"] for app in response.context["app_list"]}
    assert app_labels == {"conditions"}
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


# 3. What curators may not do ----------------------------------------------------------------------------------------


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
    article = condition.causes_article
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


# 4. Adding a condition ----------------------------------------------------------------------------------------------


def test_condition_add_form_has_the_questions_inline(curator_client):
    response = curator_client.get(reverse("admin:conditions_condition_add"))

    assert response.status_code == 200
    assert inline_prefixes(response) == ["questions"]
    assert 'name="questions-TOTAL_FORMS"' in response.content.decode()


def test_curator_adds_a_condition_which_gets_the_standard_questions(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(
        name="Alström syndrome",
        slug="alstrom-syndrome",
        synonyms="ALMS\nAlstrom-Hallgren syndrome",
        description="A rare genetic condition.",
        orpha_code="64",
        icd10_code="E34.8",
    )

    response = curator_client.post(add_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    condition = Condition.objects.get(slug="alstrom-syndrome")
    assert condition.name == "Alström syndrome"
    assert condition.synonym_list == ["ALMS", "Alstrom-Hallgren syndrome"]
    assert not condition.is_published
    kinds = list(condition.questions.values_list("kind", flat=True))
    assert len(kinds) == len(STANDARD_QUESTIONS) == 12
    assert set(kinds) == {standard.kind for standard in STANDARD_QUESTIONS}
    assert QuestionKind.CUSTOM not in kinds
    assert condition.questions.get(kind=QuestionKind.CAUSES).text == "Which are the causes of Alström syndrome?"


def test_curator_adds_a_condition_with_a_custom_question_in_the_inline(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name="Fabry disease", slug="fabry-disease")
    add_inline_row(data, "questions", position=5, text="Does Fabry disease hurt?", slug="does-it-hurt")

    response = curator_client.post(add_url, data)

    assert response.status_code == 302
    condition = Condition.objects.get(slug="fabry-disease")
    assert condition.questions.count() == 13
    custom = condition.questions.get(kind=QuestionKind.CUSTOM)
    assert (custom.text, custom.slug, custom.position) == ("Does Fabry disease hurt?", "does-it-hurt", 5)
    assert condition.questions.first() == custom


def test_adding_a_condition_with_an_inline_question_using_a_standard_slug_is_a_form_error(curator_client):
    # The standard questions are created when the condition is saved, after the inline forms were validated,
    # so a new inline question with the slug of a standard question ("causes") must be rejected politely
    # instead of breaking on the (condition, slug) unique constraint.
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name="Fabry disease", slug="fabry-disease")
    add_inline_row(data, "questions", position=5, text="What causes Fabry disease?", slug="causes")
    curator_client.raise_request_exception = False  # show the server error as a status code

    response = curator_client.post(add_url, data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert not Condition.objects.filter(slug="fabry-disease").exists()


def test_editing_a_condition_with_an_inline_question_using_a_taken_slug_is_a_form_error(curator_client, condition):
    change_url = reverse("admin:conditions_condition_change", args=[condition.pk])
    data = admin_form_data(curator_client.get(change_url))
    add_inline_row(data, "questions", position=5, text="What causes it, really?", slug="causes")

    response = curator_client.post(change_url, data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert condition.questions.count() == 12


def test_condition_inline_rows_cannot_be_deleted(curator_client, condition):
    response = curator_client.get(reverse("admin:conditions_condition_change", args=[condition.pk]))

    (inline,) = response.context["inline_admin_formsets"]
    assert not inline.formset.can_delete
    assert "questions-0-DELETE" not in response.content.decode()


def test_condition_add_form_rejects_a_bad_orpha_code(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name="Fabry disease", slug="fabry-disease", orpha_code="ORPHA:324")

    response = curator_client.post(add_url, data)

    assert response.status_code == 200
    assert "orpha_code" in response.context["adminform"].form.errors
    assert not Condition.objects.filter(slug="fabry-disease").exists()


# 5. Editing an article with its sections ----------------------------------------------------------------------------


def test_article_change_form_has_the_sections_inline(curator_client, condition):
    response = curator_client.get(reverse("admin:conditions_article_change", args=[condition.causes_article.pk]))

    assert response.status_code == 200
    assert inline_prefixes(response) == ["sections"]


def test_curator_edits_an_article_and_adds_a_section(curator_client, curator, condition):
    article = condition.causes_article
    assert article.author is None
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    assert data["sections-TOTAL_FORMS"] == 3
    data["title"] = "What causes neonatal hemochromatosis?"
    add_inline_row(data, "sections", position=0, heading="Genetic factors", body="Rarely, it runs in families.")

    response = curator_client.post(change_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "What causes neonatal hemochromatosis?"
    assert article.author == curator
    assert list(article.sections.values_list("heading", "position")) == [
        ("Genetic factors", 0),
        ("Maternal antibodies", 1),
        ("Iron overload", 2),
        ("Unknown factors", 3),
    ]
    page = curator_client.get(reverse("conditions:causes", args=[condition.slug])).content.decode()
    assert page.index("Genetic factors") < page.index("Maternal antibodies") < page.index("Unknown factors")


def answer_to(condition, kind: str, text: str, number: int):
    question = condition.questions.get(kind=kind)
    author = UserFactory(username=f"answerer{kind}{number}")
    return Answer.objects.write(question, author, name=f"Answerer {number}", listed=True, role="patient", text=text)


@pytest.fixture
def answers(condition) -> dict[str, list]:
    """Two answers to the causes question and many to the other questions of the condition."""
    causes = [answer_to(condition, QuestionKind.CAUSES, f"Cause story {number}.", number) for number in range(2)]
    others = [
        answer_to(condition, kind, f"Other story {kind} {number}.", number)
        for kind in (QuestionKind.SYMPTOMS, QuestionKind.TREATMENTS, QuestionKind.HEREDITARY)
        for number in range(10)
    ]
    return {"causes": causes, "others": others}


def informed_by_choices(response) -> list[list[int]]:
    """For each section form: the answers offered in "informed by"."""
    formset = next(inline.formset for inline in response.context["inline_admin_formsets"])
    return [[int(value.value) for value, _label in form.fields["informed_by"].choices] for form in formset.forms]


def test_informed_by_offers_only_the_answers_to_the_causes_question(curator_client, condition, answers):
    response = curator_client.get(reverse("admin:conditions_article_change", args=[condition.causes_article.pk]))
    causes = sorted(answer.pk for answer in answers["causes"])
    assert [sorted(choices) for choices in informed_by_choices(response)] == [causes] * 4  # 3 sections and a new one
    page = response.content.decode()
    assert "Other story" not in page
    assert 'class="informed-by"' in page  # the compact, scrolling list


def test_a_section_cannot_be_informed_by_an_answer_to_another_question(curator_client, condition, answers):
    article = condition.causes_article
    url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(url))
    data["sections-0-informed_by"] = [answers["others"][0].pk]  # forged: not offered
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert not article.sections.filter(informed_by__isnull=False).exists()
    data["sections-0-informed_by"] = [answers["causes"][1].pk]
    assert curator_client.post(url, data).status_code == 302
    assert list(article.sections.get(position=1).informed_by.all()) == [answers["causes"][1]]


def test_the_article_form_queries_do_not_grow_with_answers_or_sections(
    curator_client, condition, django_assert_max_num_queries
):
    article = condition.causes_article
    url = reverse("admin:conditions_article_change", args=[article.pk])
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url)
    for number in range(20):
        answer_to(condition, QuestionKind.CAUSES, f"Cause story {number}.", number)
        SectionFactory(article=article, position=10 + number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = curator_client.get(url)
    assert len(informed_by_choices(response)[0]) == 20


def test_curator_removes_a_section_in_the_article_inline(curator_client, condition):
    article = condition.causes_article
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    data["sections-1-DELETE"] = "on"

    response = curator_client.post(change_url, data)

    assert response.status_code == 302
    assert list(article.sections.values_list("heading", flat=True)) == ["Maternal antibodies", "Unknown factors"]


def test_curator_adds_an_article_and_becomes_its_author(curator_client, curator, draft_condition):
    add_url = reverse("admin:conditions_article_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(
        condition=draft_condition.pk,
        title="Which are the causes of Unreleased syndrome?",
        intro="Nobody knows yet.",
        status=ArticleStatus.DRAFT,
    )
    add_inline_row(data, "sections", position=1, heading="", body="A plain paragraph.")

    response = curator_client.post(add_url, data)

    assert response.status_code == 302
    article = Article.objects.get(condition=draft_condition)
    assert article.author == curator
    assert article.status == ArticleStatus.DRAFT
    assert article.published_at is None
    assert [str(section) for section in article.sections.all()] == ["A plain paragraph."]


def test_saving_an_article_as_published_in_the_form_sets_published_at(curator_client):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    data["status"] = ArticleStatus.PUBLISHED

    assert curator_client.post(change_url, data).status_code == 302

    article.refresh_from_db()
    assert article.is_published
    assert article.published_at is not None


# 6. Publish and unpublish actions -----------------------------------------------------------------------------------


def test_publish_action_publishes_a_draft_article(curator_client):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    causes_url = reverse("conditions:causes", args=[article.condition.slug])
    assert article.published_at is None
    assert Client().get(causes_url).status_code == 404

    response = run_action(curator_client, ARTICLES_CHANGELIST, "publish", article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    assert Client().get(causes_url).status_code == 200


def test_unpublish_action_moves_an_article_back_to_draft(curator_client, condition):
    article = condition.causes_article
    causes_url = reverse("conditions:causes", args=[condition.slug])

    response = run_action(curator_client, ARTICLES_CHANGELIST, "unpublish", article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert Client().get(causes_url).status_code == 404


def test_publish_action_leaves_already_published_articles_alone(curator_client, condition):
    published = condition.causes_article
    first_published_at = published.published_at
    draft = ArticleFactory(status=ArticleStatus.DRAFT)

    response = run_action(curator_client, ARTICLES_CHANGELIST, "publish", published, draft)

    assert response.status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.published_at == first_published_at
    assert draft.is_published
    messages = [str(message) for message in curator_client.get(reverse(ARTICLES_CHANGELIST)).context["messages"]]
    assert messages == ["1 article published."]


def test_republishing_an_article_keeps_its_first_publication_date(curator_client, condition):
    article = condition.causes_article
    first_published_at = article.published_at

    run_action(curator_client, ARTICLES_CHANGELIST, "unpublish", article)
    run_action(curator_client, ARTICLES_CHANGELIST, "publish", article)

    article.refresh_from_db()
    assert article.is_published
    assert article.published_at == first_published_at


def test_condition_publish_action_makes_a_draft_condition_public(curator_client, draft_condition):
    detail_url = reverse("conditions:detail", args=[draft_condition.slug])
    assert Client().get(detail_url).status_code == 404

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "publish", draft_condition)

    assert response.status_code == 302
    draft_condition.refresh_from_db()
    assert draft_condition.is_published
    assert Client().get(detail_url).status_code == 200


def test_condition_unpublish_action_hides_a_condition_and_its_article(curator_client, condition):
    detail_url = reverse("conditions:detail", args=[condition.slug])
    causes_url = reverse("conditions:causes", args=[condition.slug])

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "unpublish", condition)

    assert response.status_code == 302
    condition.refresh_from_db()
    assert not condition.is_published
    assert Client().get(detail_url).status_code == 404
    assert Client().get(causes_url).status_code == 404


def test_condition_publish_action_reports_how_many_were_published(curator_client, draft_condition):
    other = ConditionFactory(is_published=False)

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "publish", draft_condition, other)

    messages = [str(message) for message in curator_client.get(response["Location"]).context["messages"]]
    assert messages == ["2 conditions published."]
    assert Condition.objects.filter(is_published=False).count() == 0


def test_anonymous_visitor_cannot_run_admin_actions(client, draft_condition):
    response = run_action(client, CONDITIONS_CHANGELIST, "publish", draft_condition)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    draft_condition.refresh_from_db()
    assert not draft_condition.is_published


# 7. Deleting questions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [standard.kind for standard in STANDARD_QUESTIONS])
def test_curator_cannot_delete_a_standard_question(curator_client, condition, kind):
    question = condition.questions.get(kind=kind)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_superuser_cannot_delete_a_standard_question_on_its_own_either(superuser_client, condition):
    # Superusers may delete a whole condition with its questions, but not one standard question.
    question = condition.questions.get(kind=QuestionKind.CAUSES)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert question.text in [str(item) for item in response.context["protected"]]
    assert Question.objects.filter(pk=question.pk).exists()


def test_curator_deletes_a_custom_question(curator_client, condition):
    question = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    assert curator_client.get(url).status_code == 200
    response = curator_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    assert condition.questions.count() == 12


def test_bulk_delete_of_questions_refuses_standard_ones(curator_client, condition):
    custom = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    standard = condition.questions.get(kind=QuestionKind.CAUSES)

    response = run_action(curator_client, QUESTIONS_CHANGELIST, "delete_selected", custom, standard)

    assert response.status_code == 200
    assert standard.text in [str(item) for item in response.context["protected"]]
    # Confirming anyway deletes nothing while a standard question is among the selection.
    curator_client.post(
        reverse(QUESTIONS_CHANGELIST),
        {"action": "delete_selected", "_selected_action": [custom.pk, standard.pk], "post": "yes"},
    )
    assert Question.objects.filter(pk__in=[custom.pk, standard.pk]).count() == 2


def test_bulk_delete_of_custom_questions_works(curator_client, condition):
    first = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    second = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)

    response = curator_client.post(
        reverse(QUESTIONS_CHANGELIST),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Question.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert condition.questions.count() == 12


def test_question_kind_is_read_only_in_the_admin(curator_client, condition):
    question = condition.questions.get(kind=QuestionKind.CAUSES)
    change_url = reverse("admin:conditions_question_change", args=[question.pk])
    data = admin_form_data(curator_client.get(change_url))
    assert "kind" not in data
    data["kind"] = QuestionKind.CUSTOM
    data["text"] = "What causes neonatal hemochromatosis?"

    assert curator_client.post(change_url, data).status_code == 302

    question.refresh_from_db()
    assert question.kind == QuestionKind.CAUSES
    assert question.text == "What causes neonatal hemochromatosis?"


# 8. View on site ----------------------------------------------------------------------------------------------------


def test_condition_change_form_links_to_the_public_page(curator_client, condition):
    response = curator_client.get(reverse("admin:conditions_condition_change", args=[condition.pk]))
    content_type = ContentType.objects.get_for_model(Condition)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, condition.pk])

    assert response.status_code == 200
    assert f'href="{shortcut}"' in response.content.decode()
    assert 'class="viewsitelink"' in response.content.decode()

    redirect = curator_client.get(shortcut)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(f"/conditions/{condition.slug}/")
    assert curator_client.get(redirect["Location"]).status_code == 200


def test_article_change_form_links_to_the_causes_page(curator_client, condition):
    article = condition.causes_article
    content_type = ContentType.objects.get_for_model(Article)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, article.pk])

    response = curator_client.get(reverse("admin:conditions_article_change", args=[article.pk]))
    redirect = curator_client.get(shortcut)

    assert f'href="{shortcut}"' in response.content.decode()
    assert redirect["Location"].endswith(f"/conditions/{condition.slug}/causes/")


# 9. Changelist search and filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["hemocromatosis", "Hemocromatosis neonatal", "GALD", "79452", "P78.8", "neonatal"])
def test_condition_changelist_search_finds_names_synonyms_and_codes(curator_client, condition, draft_condition, query):
    ConditionFactory(name="Wilson disease", synonyms="Hepatolenticular degeneration")

    response = curator_client.get(reverse(CONDITIONS_CHANGELIST), {"q": query})

    assert list(response.context["cl"].result_list) == [condition]


def test_condition_changelist_search_without_match_is_empty(curator_client, condition):
    response = curator_client.get(reverse(CONDITIONS_CHANGELIST), {"q": "xylophone"})

    assert list(response.context["cl"].result_list) == []


def test_condition_changelist_filters_by_published(curator_client, condition, draft_condition):
    changelist = reverse(CONDITIONS_CHANGELIST)

    published = curator_client.get(changelist, {"is_published__exact": "1"})
    unpublished = curator_client.get(changelist, {"is_published__exact": "0"})
    everything = curator_client.get(changelist)

    assert list(published.context["cl"].result_list) == [condition]
    assert list(unpublished.context["cl"].result_list) == [draft_condition]
    assert set(everything.context["cl"].result_list) == {condition, draft_condition}


def test_condition_changelist_filters_by_article_status(curator_client, condition, draft_condition):
    with_draft = ArticleFactory(status=ArticleStatus.DRAFT).condition
    changelist = reverse(CONDITIONS_CHANGELIST)

    published = curator_client.get(changelist, {"causes_article__status__exact": ArticleStatus.PUBLISHED})
    drafts = curator_client.get(changelist, {"causes_article__status__exact": ArticleStatus.DRAFT})

    assert list(published.context["cl"].result_list) == [condition]
    assert list(drafts.context["cl"].result_list) == [with_draft]


def test_condition_changelist_shows_article_status_and_question_count(curator_client, condition, draft_condition):
    QuestionFactory(condition=condition)

    response = curator_client.get(reverse(CONDITIONS_CHANGELIST))

    rows = {row.name: row for row in response.context["cl"].result_list}
    model_admin = response.context["cl"].model_admin
    assert model_admin.question_count(rows[condition.name]) == 13
    assert model_admin.question_count(rows[draft_condition.name]) == 12
    assert model_admin.article_status(rows[condition.name]) == "Published"
    assert model_admin.article_status(rows[draft_condition.name]) == "—"


def test_article_changelist_filters_by_status(curator_client, condition):
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    changelist = reverse(ARTICLES_CHANGELIST)

    drafts = curator_client.get(changelist, {"status__exact": ArticleStatus.DRAFT})
    published = curator_client.get(changelist, {"status__exact": ArticleStatus.PUBLISHED})

    assert list(drafts.context["cl"].result_list) == [draft]
    assert list(published.context["cl"].result_list) == [condition.causes_article]


def test_article_changelist_search_by_condition_synonym(curator_client, condition):
    ArticleFactory(condition=ConditionFactory(name="Wilson disease"))

    response = curator_client.get(reverse(ARTICLES_CHANGELIST), {"q": "hemocromatosis"})

    assert list(response.context["cl"].result_list) == [condition.causes_article]


def test_condition_autocomplete_for_the_article_form_works_for_curators(curator_client, condition):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"term": "GALD", "app_label": "conditions", "model_name": "article", "field_name": "condition"},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(condition.pk)]


def test_condition_autocomplete_lists_conditions_by_name(curator_client):
    # Created in reverse alphabetical order, so that id order and name order differ.
    names = [f"Syndrome {letter}" for letter in "ZYXWVUTSRQPONMLKJIHGFEDCBA"]
    for name in names:
        ConditionFactory(name=name)
    params = {"term": "syndrome", "app_label": "conditions", "model_name": "article", "field_name": "condition"}

    first = curator_client.get(reverse("admin:autocomplete"), params).json()
    second = curator_client.get(reverse("admin:autocomplete"), {**params, "page": 2}).json()

    listed = [result["text"] for result in first["results"] + second["results"]]
    assert first["pagination"]["more"]
    assert listed == sorted(names)


def test_a_curator_discards_a_waiting_draft_and_the_public_article_stays(curator_client, client, condition):
    article = condition.causes_article
    ArticleDraft.objects.create(article=article, title="A rewrite", intro="New intro.", sections=[["New", "Cause."]])
    listing = curator_client.get(reverse(ARTICLES_CHANGELIST))
    assert "discard_waiting_drafts" in action_names(listing)
    run_action(curator_client, ARTICLES_CHANGELIST, "discard_waiting_drafts", article)
    assert not ArticleDraft.objects.exists()
    article.refresh_from_db()
    assert article.is_published and article.title != "A rewrite"
    assert headings_of(article) == ["Maternal antibodies", "Iron overload", "Unknown factors"]


def test_waiting_drafts_do_not_add_queries_to_the_article_list(curator_client, django_assert_max_num_queries):
    make_conditions(4)
    with CaptureQueriesContext(connection) as few:
        curator_client.get(reverse(ARTICLES_CHANGELIST))
    for article in Article.objects.all():
        ArticleDraft.objects.create(article=article, title="Draft", intro="Intro.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = curator_client.get(reverse(ARTICLES_CHANGELIST)).content.decode()
    assert page.count('<td class="field-draft_waiting">Draft waiting</td>') == Article.objects.count()


def headings_of(article) -> list[str]:
    return list(article.sections.values_list("heading", flat=True))


# 10. Query counts ---------------------------------------------------------------------------------------------------


def make_conditions(count: int) -> None:
    for number in range(count):
        condition = ConditionFactory(name=f"Condition {number:02d}")
        if number % 2:
            ArticleFactory(condition=condition, status=ArticleStatus.DRAFT)


# 1 session, 2 user, 3 user permissions, 4 group permissions, 5 filtered count and 6 total count for the
# paginator, 7 the page of conditions, with their causes article (select_related) and question count (annotation)
# in the same query. Nothing per row: the number must not grow with the number of conditions.
CONDITION_CHANGELIST_MAX_QUERIES = 7
# The same 7 (condition via list_select_related), plus 2 for the date hierarchy: min/max and the distinct days.
ARTICLE_CHANGELIST_MAX_QUERIES = 9


@pytest.mark.parametrize("count", [3, 30])
def test_condition_changelist_query_count_does_not_grow_with_conditions(
    curator_client, django_assert_max_num_queries, count
):
    make_conditions(count)
    url = reverse(CONDITIONS_CHANGELIST)

    with django_assert_max_num_queries(CONDITION_CHANGELIST_MAX_QUERIES):
        response = curator_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_condition_changelist_uses_the_same_number_of_queries_for_3_and_30_conditions(
    curator_client, django_assert_num_queries
):
    url = reverse(CONDITIONS_CHANGELIST)
    make_conditions(3)
    curator_client.get(url)  # a first request, so that nothing cached per process skews the count
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url)
    Condition.objects.all().delete()
    make_conditions(30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = curator_client.get(url)

    assert len(response.context["cl"].result_list) == 30


@pytest.mark.parametrize("count", [3, 30])
def test_article_changelist_query_count_does_not_grow_with_articles(
    curator_client, django_assert_max_num_queries, count
):
    make_conditions(2 * count)

    with django_assert_max_num_queries(ARTICLE_CHANGELIST_MAX_QUERIES):
        response = curator_client.get(reverse(ARTICLES_CHANGELIST))

    assert len(response.context["cl"].result_list) == count


# 11. Draft previews -------------------------------------------------------------------------------------------------


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
