"""schema.org data for condition pages."""

from __future__ import annotations

from conditions.models import Condition


def medical_condition(condition: Condition, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": condition.name,
        "url": url,
    }
    if condition.synonym_list:
        data["alternateName"] = condition.synonym_list
    if condition.description:
        data["description"] = condition.description
    codes = [
        {"@type": "MedicalCode", "codingSystem": system, "codeValue": value}
        for system, value in (
            ("ORPHA", condition.orpha_code),
            ("OMIM", condition.omim_code),
            ("ICD-10", condition.icd10_code),
        )
        if value
    ]
    if codes:
        data["code"] = codes
    return data
