"""What the medical literature reports, beside what members say (issue 14): the condition page and
its symptoms question show the catalogue's phenotypes by organ system, linked to the HPO, with the
disease linked to Orphanet and the source and version named."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conditions.models import Answer, Condition, PhenotypeTerm
from conditions.standard_questions import QuestionKind
from tests.conditions.test_catalogue import import_catalog, write_catalogue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wilson(db) -> Condition:
    import_catalog()
    return Condition.objects.get(orpha_code="905")


def literature_block(html: str) -> str:
    match = re.search(r'<section[^>]*id="literature".*?</section>', html, re.S)
    assert match, "no literature block"
    return match.group(0)


def test_the_condition_page_shows_the_phenotypes_by_organ_system_with_links_and_attribution(client, wilson):
    block = literature_block(client.get(wilson.get_absolute_url()).content.decode())
    assert "What the medical literature reports" in block
    shown = [("Digestion and liver", "Ascites"), ("Brain and nerves", "Chorea"), ("Eyes", "Sunflower cataract")]
    for system, term in shown:
        assert re.search(rf"<h3[^>]*>{system}</h3>\s*<ul[^>]*>.*?{term}", block, re.S), system
    assert '<a href="https://hpo.jax.org/browse/term/HP:0001541"' in block
    assert 'href="https://www.orpha.net/en/disease/detail/905"' in block
    assert 'href="https://omim.org/entry/277900"' in block
    assert "Human Phenotype Ontology, version 2025-11-24" in block and "Orphanet" in block
    # digestion comes before the eyes, as the organ systems are ordered, whatever the names
    assert block.index("Brain and nerves") < block.index("Eyes") < block.index("Digestion and liver")


def test_the_symptoms_question_shows_it_beside_the_answers_and_other_questions_do_not(client, wilson):
    symptoms = wilson.questions.get(kind=QuestionKind.SYMPTOMS)
    html = client.get(symptoms.get_absolute_url()).content.decode()
    assert "Sunflower cataract" in literature_block(html)
    assert html.index('id="answers"') < html.index('id="literature"')
    hereditary = wilson.questions.get(kind=QuestionKind.HEREDITARY)
    assert 'id="literature"' not in client.get(hereditary.get_absolute_url()).content.decode()


def test_a_condition_the_literature_says_nothing_of_has_no_block(client, wilson):
    mowat = Condition.objects.get(orpha_code="2152")
    assert 'id="literature"' not in client.get(mowat.get_absolute_url()).content.decode()


def test_term_names_from_a_catalogue_are_escaped(client, tmp_path, db):
    path = write_catalogue(
        tmp_path,
        {
            "version": "1",
            "terms": [{"number": 1541, "name": "<script>alert(1)</script>", "system": 25031}],
            "diseases": [{"source": "ORPHA", "number": 905, "name": "Wilson disease", "phenotypes": [1541]}],
        },
    )
    import_catalog(path)
    html = client.get(Condition.objects.get(orpha_code="905").get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_new_release_shows_at_once_on_the_cached_pages(client, wilson, tmp_path):
    symptoms = wilson.questions.get(kind=QuestionKind.SYMPTOMS)
    assert "Ascites" in client.get(wilson.get_absolute_url()).content.decode()
    assert "Ascites" in client.get(symptoms.get_absolute_url()).content.decode()
    PhenotypeTerm.objects.filter(number=1541).update(name="Fluid in the belly")
    Condition.objects.filter(pk=wilson.pk).touch()  # as import_catalog does for the terms it renames
    assert "Fluid in the belly" in client.get(wilson.get_absolute_url()).content.decode()
    assert "Fluid in the belly" in client.get(symptoms.get_absolute_url()).content.decode()


def test_the_block_costs_one_query_whatever_the_number_of_phenotypes(client, wilson):
    terms = PhenotypeTerm.objects.bulk_create(
        PhenotypeTerm(number=900_000 + number, name=f"Sign {number}", system=707) for number in range(80)
    )
    symptoms = wilson.questions.get(kind=QuestionKind.SYMPTOMS)
    client.get(symptoms.get_absolute_url())
    wilson.phenotypes.add(*terms)
    Condition.objects.filter(pk=wilson.pk).touch()
    with CaptureQueriesContext(connection) as queries:
        client.get(symptoms.get_absolute_url())
    assert sum("conditions_phenotypeterm" in query["sql"] for query in queries.captured_queries) == 1


def test_a_vote_on_a_causes_answer_reorders_the_condition_page(client, wilson):
    causes = wilson.questions.get(kind=QuestionKind.CAUSES)
    older = Answer.objects.write(causes, UserFactory(), name="A", listed=True, role="patient", text="Older answer.")
    Answer.objects.write(causes, UserFactory(), name="B", listed=True, role="patient", text="Newer answer.")
    html = client.get(wilson.get_absolute_url()).content.decode()
    assert html.index("Newer answer.") < html.index("Older answer.")  # no votes yet: the newest first
    older.mark_helpful(UserFactory())
    html = client.get(wilson.get_absolute_url()).content.decode()
    assert html.index("Older answer.") < html.index("Newer answer.")


def test_a_condition_without_an_article_says_so_and_shows_what_members_answered(client, wilson):
    causes = wilson.questions.get(kind=QuestionKind.CAUSES)
    member = UserFactory()
    text = "Mine came from my parents' genes."
    Answer.objects.write(causes, member, name="Marta", listed=True, role="patient", text=text)
    html = client.get(wilson.get_absolute_url()).content.decode()
    assert "There is no article on the causes of Wilson disease yet" in html
    assert "Mine came from my parents&#x27; genes." in html
    assert f'href="{causes.get_absolute_url()}"' in html
