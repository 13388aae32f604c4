"""import_catalog keeps what the medical literature reports of each disease: its phenotypes (HPO
terms) under their organ systems; it updates them with each release and never duplicates a term."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError

from conditions.catalogue import from_ontology
from conditions.models import Condition, OrganSystem, PhenotypeTerm
from tests.conditions.test_catalogue import CATALOGUE, import_catalog, write_catalogue
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def phenotype_names(condition: Condition) -> set[str]:
    return set(Condition.objects.get(pk=condition.pk).phenotypes.values_list("name", flat=True))


def test_each_disease_gets_its_phenotypes_and_a_merged_condition_gets_both_sources():
    wilson = ConditionFactory(name="Wilson disease", orpha_code="905")
    import_catalog()
    # ORPHA:905's four, and OMIM:277900's Arthralgia, since both are Wilson disease
    assert phenotype_names(wilson) == {"Ascites", "Chorea", "Sunflower cataract", "Nephrolithiasis", "Arthralgia"}
    assert phenotype_names(Condition.objects.get(orpha_code="446")) == {"Ascites", "Cholestasis"}
    assert phenotype_names(Condition.objects.get(orpha_code="2152")) == set()
    ascites = PhenotypeTerm.objects.get(number=1541)
    assert (ascites.code, ascites.system, ascites.url) == (
        "HP:0001541",
        OrganSystem.DIGESTIVE,
        "https://hpo.jax.org/browse/term/HP:0001541",
    )
    assert PhenotypeTerm.objects.count() == 6


def test_a_new_release_updates_the_annotations_and_moves_the_pages_of_the_conditions_it_changes(tmp_path):
    import_catalog()
    wilson = Condition.objects.get(orpha_code="905")
    neonatal_before = Condition.objects.get(orpha_code="446").updated_at
    newer = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    newer["terms"][0]["name"] = "Fluid in the abdomen"  # Ascites renamed
    newer["diseases"][0]["phenotypes"] = [1541, 2072]  # Wilson loses two
    output = import_catalog(write_catalogue(tmp_path, newer))
    assert "6 diseases, 0 created, 3 updated, 3 unchanged" in output  # Wilson's two diseases, and 446
    assert phenotype_names(wilson) == {"Fluid in the abdomen", "Chorea", "Arthralgia"}
    assert Condition.objects.get(pk=wilson.pk).updated_at > wilson.updated_at
    neonatal = Condition.objects.get(orpha_code="446")
    assert phenotype_names(neonatal) == {"Fluid in the abdomen", "Cholestasis"}
    assert neonatal.updated_at > neonatal_before  # its page shows the new name
    assert PhenotypeTerm.objects.count() == 6  # a term dropped by every disease stays, linked to none


def test_running_it_again_writes_no_link_twice():
    import_catalog()
    links = Condition.phenotypes.through.objects.count()
    assert "0 created, 0 updated, 6 unchanged" in import_catalog()
    assert Condition.phenotypes.through.objects.count() == links == 7  # Wilson 5, neonatal 2


@pytest.mark.parametrize(
    "change, fault",
    [
        (lambda data: data["diseases"][0].update(phenotypes=[42]), "disease 1: phenotype 42 is not among the terms"),
        (lambda data: data["diseases"][0].update(phenotypes="1541"), "disease 1: phenotypes must be a list"),
        (lambda data: data["terms"][0].update(name="<b>\x07</b>"), "term 1: name must be a text"),
        (lambda data: data["terms"][0].update(system=12), "term 1: system must be one of"),
        (lambda data: data["terms"][0].update(number=-3), "term 1: number must be a whole number"),
        (lambda data: data.update(terms={"1541": "Ascites"}), '"terms" must be a list'),
    ],
)
def test_bad_terms_are_refused_with_the_file_and_entry_named(tmp_path, change, fault):
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    change(data)
    path = write_catalogue(tmp_path, data, "terms.json")
    with pytest.raises(CommandError) as refusal:
        import_catalog(path)
    assert str(path) in str(refusal.value) and fault in str(refusal.value)
    assert not PhenotypeTerm.objects.exists() and not Condition.objects.exists()


def test_the_real_catalogue_puts_each_term_under_one_organ_system():
    catalogue = from_ontology()
    wilson = next(disease for disease in catalogue.diseases if disease.code == "ORPHA:905")
    assert len(wilson.phenotypes) > 20
    assert catalogue.terms[1541].name == "Ascites" and catalogue.terms[1541].system == OrganSystem.DIGESTIVE
    assert catalogue.terms[2072].system == OrganSystem.NERVOUS
    assert set(wilson.phenotypes) <= set(catalogue.terms)
