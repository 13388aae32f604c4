"""import_catalog: one condition per Orphanet (and OMIM) disease, merged with the conditions there
are, keeping what curators wrote; idempotent; bad catalogues refused with the file named (issue 14)."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conditions.catalogue import fitted, from_ontology, omim_title
from conditions.models import Article, Condition
from conditions.standard_questions import QuestionKind
from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue.json"


def import_catalog(path: Path = CATALOGUE) -> str:
    out = StringIO()
    call_command("import_catalog", file=path, stdout=out, stderr=StringIO())
    return out.getvalue()


def write_catalogue(tmp_path: Path, data: object, name: str = "catalogue.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def curated(db):
    """Conditions written by curators before the catalogue came."""
    wilson = ConditionFactory(
        name="Wilson disease",
        synonyms="Hepatolenticular degeneration",
        description="Copper builds up in the liver and the brain.",
        orpha_code="905",
    )
    ArticleFactory(condition=wilson)
    neonatal = ConditionFactory(name="Neonatal Hemochromatosis", synonyms="GALD", orpha_code="")
    mowat = ConditionFactory(name="Mowat Wilson", synonyms="MOWAT-WILSON SYNDRÓME", orpha_code="")
    return {"wilson": wilson, "neonatal": neonatal, "mowat": mowat}


def test_it_merges_by_code_then_by_name_or_synonym_and_keeps_what_curators_wrote(curated):
    output = import_catalog()
    assert "6 diseases, 2 created, 4 updated, 0 unchanged" in output  # OMIM:277900 updated Wilson again
    wilson = Condition.objects.get(pk=curated["wilson"].pk)
    assert (wilson.name, wilson.synonyms, wilson.description) == (
        "Wilson disease",
        "Hepatolenticular degeneration",
        "Copper builds up in the liver and the brain.",
    )
    assert (wilson.orpha_code, wilson.omim_code, wilson.catalogue_version) == ("905", "277900", "2025-11-24")
    assert wilson.articles.get(language="en") is not None
    neonatal = Condition.objects.get(pk=curated["neonatal"].pk)  # by name, ignoring case
    assert (neonatal.name, neonatal.orpha_code) == ("Neonatal Hemochromatosis", "446")
    mowat = Condition.objects.get(pk=curated["mowat"].pk)  # by synonym, ignoring case and accents
    assert (mowat.name, mowat.orpha_code) == ("Mowat Wilson", "2152")


def test_it_never_makes_a_second_wilson_disease(curated, client):
    import_catalog()
    page = client.get(curated["wilson"].get_absolute_url()).content.decode()
    assert re.search(r'"codingSystem": ?"OMIM", ?"codeValue": ?"277900"', page)
    assert Condition.objects.filter(name__iexact="Wilson disease").count() == 1
    assert Condition.objects.filter(search_text__contains="wilson disease").count() == 1


def test_a_new_disease_is_published_with_its_standard_questions_and_no_article(curated):
    import_catalog()
    turner = Condition.objects.get(orpha_code="3459")
    assert (turner.name, turner.slug, turner.is_published) == ("Wilson-Turner syndrome", "wilson-turner-syndrome", True)
    kinds = set(turner.questions.values_list("kind", flat=True))
    assert {QuestionKind.CAUSES, QuestionKind.HEREDITARY, QuestionKind.SYMPTOMS} <= kinds
    assert not Article.objects.filter(condition=turner).exists()


def test_running_it_again_changes_nothing(curated):
    import_catalog()
    before = list(Condition.objects.order_by("pk").values_list("pk", "name", "updated_at", "orpha_code", "omim_code"))
    output = import_catalog()
    assert "6 diseases, 0 created, 0 updated, 6 unchanged" in output
    assert (
        list(Condition.objects.order_by("pk").values_list("pk", "name", "updated_at", "orpha_code", "omim_code"))
        == before
    )


def stored_conditions() -> list[tuple]:
    return list(Condition.objects.order_by("pk").values_list("pk", "name", "updated_at", "orpha_code", "omim_code"))


def test_a_new_release_updates_its_version_and_nothing_curated(curated, tmp_path):
    import_catalog()
    newer = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    newer["version"] = "2026-04-01"
    output = import_catalog(write_catalogue(tmp_path, newer))
    assert "6 diseases, 0 created, 5 updated, 1 unchanged" in output  # Wilson's OMIM entry found it new
    assert set(Condition.objects.exclude(catalogue_version="").values_list("catalogue_version", flat=True)) == {
        "2026-04-01"
    }
    assert Condition.objects.get(pk=curated["wilson"].pk).synonyms == "Hepatolenticular degeneration"


def test_a_name_held_by_a_condition_with_another_code_gets_a_condition_of_its_own(tmp_path, db):
    ConditionFactory(name="Wilson disease", orpha_code="1")
    output = import_catalog(
        write_catalogue(
            tmp_path,
            {
                "version": "1",
                "diseases": [
                    {"source": "ORPHA", "number": 905, "name": "Wilson disease"},
                ],
            },
        )
    )
    assert "1 created" in output
    new = Condition.objects.get(orpha_code="905")
    assert (new.name, new.slug) == ("Wilson disease (ORPHA:905)", "wilson-disease-orpha905")


def test_a_long_name_held_by_another_keeps_its_start_and_gets_its_code(tmp_path, db):
    long = "Syndrome" + " with a long name" * 11
    ConditionFactory(name=long, orpha_code="1")
    import_catalog(
        write_catalogue(
            tmp_path,
            {
                "version": "1",
                "diseases": [
                    {"source": "ORPHA", "number": 905, "name": long},
                ],
            },
        )
    )
    name = Condition.objects.get(orpha_code="905").name
    assert len(name) <= 200 and name.startswith("Syndrome with a long name") and name.endswith(" (ORPHA:905)")


@pytest.mark.parametrize(
    "content, fault",
    [
        ("{not json", "Expecting property name"),
        ("[" * 1000 + "]" * 1000, "maximum recursion depth"),
        ("[]", "expected an object"),
        ({"version": "", "diseases": []}, '"version" must be a text'),
        ({"version": "1", "diseases": [{"source": "ORPHA", "number": 9, "name": "Bad\x00name"}]}, "disease 1: name"),
        ({"version": "1", "diseases": [{"source": "ORPHA", "number": 9, "name": "\u202e" + "x"}]}, "disease 1: name"),
        ({"version": "1", "diseases": [{"source": "ICD", "number": 9, "name": "X"}]}, "disease 1: source must be"),
        ({"version": "1", "diseases": [{"source": "OMIM", "number": 27790, "name": "X"}]}, "from 100000 to 999999"),
        ({"version": "1", "diseases": [{"source": "ORPHA", "number": True, "name": "X"}]}, "disease 1: a ORPHA number"),
        ({"version": "1", "diseases": [{"source": "ORPHA", "number": 9, "name": "x" * 201}]}, "1 to 200 characters"),
    ],
)
def test_a_bad_catalogue_is_refused_with_the_file_named_and_nothing_written(tmp_path, db, content, fault):
    ConditionFactory(name="Wilson disease")
    path = write_catalogue(tmp_path, content, "broken.json")
    with pytest.raises(CommandError) as refusal:
        import_catalog(path)
    assert str(path) in str(refusal.value) and fault in str(refusal.value)
    assert list(Condition.objects.values_list("name", flat=True)) == ["Wilson disease"]


def test_a_missing_file_is_named(tmp_path, db):
    with pytest.raises(CommandError, match=r"nowhere\.json"):
        import_catalog(tmp_path / "nowhere.json")


def test_a_name_too_long_for_a_condition_is_cut_at_a_word():
    long = "Syndrome" + " with a very long name" * 12
    name = fitted(long)
    assert len(name) <= 200 and name.endswith("…") and long.startswith(name[:-1] + " ")
    assert fitted("  Wilson\tdisease ") == "Wilson disease"


@pytest.mark.parametrize(
    "raw, name",
    [
        ("#111620 RADIN BLOOD GROUP ANTIGEN; RD;;BLOOD GROUP--RADIN ANTIGEN", "Radin blood group antigen"),
        ("614036 ALPHA-2-MACROGLOBULIN DEFICIENCY; A2MD", "Alpha-2-macroglobulin deficiency"),
        ("MYDRIASIS, CONGENITAL", "Mydriasis, congenital"),
        ("Rhesus blood group, CcEe antigens", "Rhesus blood group, CcEe antigens"),
        ("Wilson disease", "Wilson disease"),
    ],
)
def test_omim_titles_become_names(raw, name):
    assert omim_title(raw) == name


def test_the_real_catalogue_reads_without_network():
    """The Human Phenotype Ontology of the hpo3 wheel: read, never imported whole in the tests."""
    catalogue = from_ontology()
    assert len(catalogue.diseases) > 4000 and catalogue.version
    assert ("ORPHA", 905, "Wilson disease") in [(d.source, d.number, d.name) for d in catalogue.diseases]
    assert {disease.source for disease in catalogue.diseases} == {"ORPHA"}
