"""The fixed lines of the seed format (conditions/importer.py) in each of the site's languages: the
title that names the condition, the boilerplate the importer drops, and how a conclusion starts."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SeedWords:
    """The fixed lines of the seed format in one language, as regular expressions (case ignored)."""

    title: str  # with a group `name`: the condition's name, perhaps after an article ("la ", "l'")
    example_title: str  # for the error on a file without a title
    see_some: str
    byline: str
    top_questions: str
    view_more: str
    world_map: str
    people_in_map: str
    conclusion: str
    articles: tuple[str, ...] = ()  # what may stand before the name in the title

    def compiled(self, name: str) -> re.Pattern:
        return re.compile(getattr(self, name), re.IGNORECASE)


SEED_WORDS = {
    "en": SeedWords(
        title=r"^(?:which|what) are the causes of (?P<name>.+?)\s*\??$",
        example_title="Which are the causes of X?",
        see_some=r"^see some of the causes of ",
        byline=r"^by diseasemaps\.?$",
        top_questions=r"^top questions:?$",
        view_more=r"^view more questions of ",
        world_map=r"^world map of ",
        people_in_map=r"^there (?:are|is) [\d.,\s]+ (?:people|person) in the map",
        conclusion=r"^(?:in conclusion|in summary|to sum up|to summari[sz]e|to conclude|overall|in short)\b",
    ),
    "es": SeedWords(
        title=r"^¿?\s*(?:cuáles|cuales|qué|que) son las causas de(?:l)?\s+(?P<name>.+?)\s*\??$",
        example_title="¿Cuáles son las causas de X?",
        see_some=r"^(?:ver|mira|descubre) algunas de las causas de ",
        byline=r"^por diseasemaps\.?$",
        top_questions=r"^preguntas (?:principales|destacadas|frecuentes):?$",
        view_more=r"^ver más preguntas (?:de|sobre) ",
        world_map=r"^mapa mundial de ",
        people_in_map=r"^hay [\d.,\s]+ personas? en el mapa",
        conclusion=r"^(?:en conclusión|en resumen|para resumir|para concluir|en definitiva|en pocas palabras)\b",
        articles=("la ", "el ", "las ", "los "),
    ),
    "ca": SeedWords(
        title=r"^quines són les causes (?:de(?:l)?|d[’'])\s*(?P<name>.+?)\s*\??$",
        example_title="Quines són les causes de X?",
        see_some=r"^(?:vegeu|mira) algunes de les causes ",
        byline=r"^per diseasemaps\.?$",
        top_questions=r"^preguntes (?:principals|destacades|freqüents):?$",
        view_more=r"^(?:vegeu|mira) més preguntes ",
        world_map=r"^mapa mundial ",
        people_in_map=r"^hi ha [\d.,\s]+ persones? al mapa",
        conclusion=r"^(?:en conclusió|en resum|per resumir|per concloure)\b",
        articles=("la ", "el ", "les ", "els ", "l'", "l’"),
    ),
    "fr": SeedWords(
        title=r"^quelles sont les causes (?:de|du|des|d[’'])\s*(?P<name>.+?)\s*\??$",
        example_title="Quelles sont les causes de X ?",
        see_some=r"^(?:voir|découvrez) quelques-unes des causes ",
        byline=r"^par diseasemaps\.?$",
        top_questions=r"^(?:questions principales|principales questions|questions fréquentes):?$",
        view_more=r"^voir plus de questions ",
        world_map=r"^carte du monde ",
        people_in_map=r"^il y a [\d.,\s]+ personnes? sur la carte",
        conclusion=r"^(?:en conclusion|en résumé|pour résumer|pour conclure|en bref)\b",
        articles=("la ", "le ", "les ", "l'", "l’"),
    ),
    "it": SeedWords(
        title=r"^quali sono le cause (?:di|del|della|dello|dei|degli|delle|dell[’'])\s*(?P<name>.+?)\s*\??$",
        example_title="Quali sono le cause di X?",
        see_some=r"^(?:vedi|scopri) alcune delle cause ",
        byline=r"^(?:di|da) diseasemaps\.?$",
        top_questions=r"^domande (?:principali|frequenti):?$",
        view_more=r"^vedi altre domande ",
        world_map=r"^mappa (?:mondiale|del mondo) ",
        people_in_map=r"^ci sono [\d.,\s]+ persone? (?:sulla|nella) mappa",
        conclusion=r"^(?:in conclusione|in sintesi|per riassumere|per concludere|in breve)\b",
    ),
    "pt": SeedWords(
        title=r"^quais são as causas (?:de|da|do|das|dos)\s+(?P<name>.+?)\s*\??$",
        example_title="Quais são as causas de X?",
        see_some=r"^(?:veja|conheça) algumas das causas ",
        byline=r"^por diseasemaps\.?$",
        top_questions=r"^(?:principais perguntas|perguntas principais|perguntas frequentes):?$",
        view_more=r"^ver mais perguntas ",
        world_map=r"^mapa mundial ",
        people_in_map=r"^há [\d.,\s]+ pessoas? no mapa",
        conclusion=r"^(?:em conclusão|em resumo|para resumir|para concluir|em suma)\b",
    ),
    "de": SeedWords(
        title=r"^(?:was sind die|welche sind die) ursachen (?:von|der|des|für)\s+(?P<name>.+?)\s*\??$",
        example_title="Was sind die Ursachen von X?",
        see_some=r"^(?:sieh dir|sehen sie) einige (?:der )?ursachen ",
        byline=r"^von diseasemaps\.?$",
        top_questions=r"^(?:top-fragen|häufige fragen|wichtigste fragen):?$",
        view_more=r"^weitere fragen ",
        world_map=r"^weltkarte ",
        people_in_map=r"^(?:es gibt|auf der karte sind) [\d.,\s]+ (?:personen|menschen|person)",
        conclusion=r"^(?:zusammenfassend|abschließend|kurz gesagt|insgesamt)\b",
        articles=("der ", "die ", "dem "),
    ),
}
