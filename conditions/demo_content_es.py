"""The demo conditions in Spanish: name, other names and summary, written for this project; for
demonstration only, not medical advice. Keyed by the English name in demo_content.py; seed_demo
stores them in the conditions' Spanish columns (name_es, synonyms_es, description_es)."""

from __future__ import annotations

DEMO_CONDITIONS_ES: dict[str, dict] = {
    "Neonatal hemochromatosis": {
        "name": "Hemocromatosis neonatal",
        "synonyms": ["Enfermedad hepática aloinmune gestacional", "EHAG"],
        "description": (
            "Una enfermedad rara y grave del hígado que empieza antes de nacer: el hígado del bebé se daña "
            "y el hierro se acumula fuera de él. Hoy se sabe que casi siempre nace de una reacción de "
            "anticuerpos de la madre durante el embarazo."
        ),
    },
    "Autoimmune hepatitis": {
        "name": "Hepatitis autoinmune",
        "synonyms": ["HAI", "Hepatitis lupoide", "Hepatitis crónica activa autoinmune"],
        "description": (
            "Una enfermedad del hígado de larga duración en la que las defensas del cuerpo atacan a las "
            "células del hígado y lo inflaman. Puede aparecer en niños y adultos, y es más frecuente en "
            "mujeres."
        ),
    },
    "Cystic fibrosis": {
        "name": "Fibrosis quística",
        "synonyms": ["FQ", "Mucoviscidosis"],
        "description": (
            "Una enfermedad hereditaria causada por cambios en el gen CFTR, que vuelven espesos y pegajosos "
            "el moco y otras secreciones. Afecta sobre todo a los pulmones y al aparato digestivo."
        ),
    },
    "Huntington's disease": {
        "name": "Enfermedad de Huntington",
        "synonyms": ["Corea de Huntington", "EH"],
        "description": (
            "Una enfermedad hereditaria del cerebro que, poco a poco, afecta al movimiento, al pensamiento y "
            "al estado de ánimo. La causa una repetición alargada en el gen HTT y suele empezar en la edad "
            "adulta."
        ),
    },
    "Ehlers-Danlos syndromes": {
        "name": "Síndrome de Ehlers-Danlos",
        "synonyms": ["Síndromes de Ehlers-Danlos", "SED", "Síndrome de Ehlers-Danlos hiperlaxo", "SEDh"],
        "description": (
            "Un grupo de trastornos hereditarios del tejido conectivo que pueden dar articulaciones muy "
            "flexibles, piel frágil o elástica y, en algunos tipos, vasos sanguíneos frágiles. Hoy se "
            "reconocen trece tipos."
        ),
    },
    "Myasthenia gravis": {
        "name": "Miastenia gravis",
        "synonyms": ["MG", "Miastenia grave", "Miastenia autoinmune"],
        "description": (
            "Una enfermedad autoinmune en la que unos anticuerpos cortan la señal entre los nervios y los "
            "músculos. La debilidad empeora con el esfuerzo y mejora con el descanso; a menudo afecta a los "
            "ojos, la cara y la deglución."
        ),
    },
    "Amyotrophic lateral sclerosis": {
        "name": "Esclerosis lateral amiotrófica",
        "synonyms": ["ELA", "Enfermedad de la motoneurona", "Enfermedad de Lou Gehrig"],
        "description": (
            "Una enfermedad que avanza con el tiempo: se pierden las neuronas que mueven los músculos "
            "voluntarios, y llegan la debilidad y la dificultad para hablar, tragar y respirar. En la "
            "mayoría de los casos no se conoce la causa."
        ),
    },
    "Sjögren's disease": {
        "name": "Enfermedad de Sjögren",
        "synonyms": ["Síndrome de Sjögren", "Síndrome seco"],
        "description": (
            "Una enfermedad autoinmune de larga duración que ataca sobre todo a las glándulas de las lágrimas "
            "y la saliva, y seca los ojos y la boca. También puede afectar a las articulaciones, los nervios, "
            "la piel y otros órganos."
        ),
    },
    "Fibrodysplasia ossificans progressiva": {
        "name": "Fibrodisplasia osificante progresiva",
        "synonyms": ["FOP", "Miositis osificante progresiva", "Enfermedad del hombre de piedra"],
        "description": (
            "Una enfermedad genética muy rara en la que músculos, tendones y ligamentos se van convirtiendo "
            "en hueso, y el movimiento se limita con los años. Casi todos los casos se deben al mismo cambio "
            "en el gen ACVR1."
        ),
    },
    "Wilson disease": {
        "name": "Enfermedad de Wilson",
        "synonyms": ["Degeneración hepatolenticular"],
        "description": (
            "Una enfermedad hereditaria en la que el cobre se acumula en el cuerpo, sobre todo en el hígado y "
            "el cerebro. La causan cambios en las dos copias del gen ATP7B."
        ),
    },
    "Phenylketonuria": {
        "name": "Fenilcetonuria",
        "synonyms": ["PKU", "FCU", "Déficit de fenilalanina hidroxilasa"],
        "description": (
            "Una enfermedad hereditaria del metabolismo: el cuerpo no puede descomponer bien la "
            "fenilalanina, un aminoácido de las proteínas. Suele detectarse con la prueba del talón al nacer."
        ),
    },
    "Behçet's disease": {
        "name": "Enfermedad de Behçet",
        "synonyms": ["Síndrome de Behçet", "Enfermedad de Adamantiades-Behçet"],
        "description": (
            "Una enfermedad inflamatoria de larga duración que afecta a vasos sanguíneos de todos los tamaños. "
            "Se conoce sobre todo por las llagas que vuelven en la boca y los genitales, las lesiones de la "
            "piel y la inflamación de los ojos."
        ),
    },
}


def spanish_fields(entry: dict) -> dict[str, str]:
    """A demo condition's Spanish columns, from its entry in demo_content.py (none if it has no
    Spanish yet)."""
    spanish = DEMO_CONDITIONS_ES.get(entry["name"])
    if spanish is None:
        return {}
    return {
        "name_es": spanish["name"],
        "synonyms_es": "\n".join(spanish["synonyms"]),
        "description_es": spanish["description"],
    }
