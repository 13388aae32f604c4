"""The standard questions in each language: one template per kind and language, written whole for
each grammatical gender where the language needs it ("¿Es hereditaria la enfermedad de Wilson?",
"¿Es hereditario el síndrome de Marfan?"), never assembled from pieces.

A template places the condition's name in that language through conditions.grammar.NameForms:
{name} bare, {the} with its article, {The} at the start of a sentence, {of_the} after "of" and
{for_the} after "for", with the contractions ("del", "du", "dell'"). A template given as a pair is
(feminine, masculine). English wording stays in conditions/standard_questions.py.

A condition without a name in a language gets no question text in it: its questions show in
English there, as its name does, rather than an English name inside another language's sentence.
"""

from __future__ import annotations

from conditions.grammar import Gender, name_forms
from conditions.standard_questions import QuestionKind

K = QuestionKind
NBSP = "\u00a0"  # French sets a no-break space before "?"

TEMPLATES: dict[str, dict[str, str | tuple[str, str]]] = {
    "es": {
        K.LIFE_EXPECTANCY: "¿Cuál es la esperanza de vida de una persona con {the}?",
        K.CELEBRITIES: "Famosos con {the}",
        K.HEREDITARY: ("¿Es hereditaria {the}?", "¿Es hereditario {the}?"),
        K.CONTAGIOUS: ("¿Es contagiosa {the}?", "¿Es contagioso {the}?"),
        K.NATURAL_TREATMENT: "¿Existe algún tratamiento natural {for_the}?",
        K.CAUSES: "¿Cuáles son las causas {of_the}?",
        K.SYMPTOMS: "¿Cuáles son los síntomas {of_the}?",
        K.FIRST_SYMPTOMS: "¿Cuáles son los primeros síntomas {of_the}?",
        K.DIAGNOSIS: "¿Cómo se diagnostica {the}?",
        K.TREATMENTS: "¿Cuáles son los mejores tratamientos {for_the}?",
        K.CURE: "¿Tiene cura {the}?",
        K.BEST_DOCTORS: "¿Cuáles son los mejores médicos y hospitales {for_the}?",
    },
    "ca": {
        K.LIFE_EXPECTANCY: "Quina és l'esperança de vida d'una persona amb {the}?",
        K.CELEBRITIES: "Famosos amb {the}",
        K.HEREDITARY: ("És hereditària {the}?", "És hereditari {the}?"),
        K.CONTAGIOUS: ("És contagiosa {the}?", "És contagiós {the}?"),
        K.NATURAL_TREATMENT: "Hi ha algun tractament natural {for_the}?",
        K.CAUSES: "Quines són les causes {of_the}?",
        K.SYMPTOMS: "Quins són els símptomes {of_the}?",
        K.FIRST_SYMPTOMS: "Quins són els primers símptomes {of_the}?",
        K.DIAGNOSIS: "Com es diagnostica {the}?",
        K.TREATMENTS: "Quins són els millors tractaments {for_the}?",
        K.CURE: "Es pot curar {the}?",
        K.BEST_DOCTORS: "Quins són els millors metges i hospitals {for_the}?",
    },
    "fr": {
        K.LIFE_EXPECTANCY: "Quelle est l'espérance de vie d'une personne atteinte {of_the}{NBSP}?",
        K.CELEBRITIES: "Célébrités atteintes {of_the}",
        K.HEREDITARY: ("{The} est-elle héréditaire{NBSP}?", "{The} est-il héréditaire{NBSP}?"),
        K.CONTAGIOUS: ("{The} est-elle contagieuse{NBSP}?", "{The} est-il contagieux{NBSP}?"),
        K.NATURAL_TREATMENT: "Existe-t-il un traitement naturel contre {the}{NBSP}?",
        K.CAUSES: "Quelles sont les causes {of_the}{NBSP}?",
        K.SYMPTOMS: "Quels sont les symptômes {of_the}{NBSP}?",
        K.FIRST_SYMPTOMS: "Quels sont les premiers symptômes {of_the}{NBSP}?",
        K.DIAGNOSIS: "Comment diagnostique-t-on {the}{NBSP}?",
        K.TREATMENTS: "Quels sont les meilleurs traitements contre {the}{NBSP}?",
        K.CURE: "Peut-on guérir {the}{NBSP}?",
        K.BEST_DOCTORS: "Quels sont les meilleurs médecins et hôpitaux {for_the}{NBSP}?",
    },
    "it": {
        K.LIFE_EXPECTANCY: "Qual è l'aspettativa di vita di una persona con {the}?",
        K.CELEBRITIES: "Personaggi famosi con {the}",
        K.HEREDITARY: ("{The} è ereditaria?", "{The} è ereditario?"),
        K.CONTAGIOUS: ("{The} è contagiosa?", "{The} è contagioso?"),
        K.NATURAL_TREATMENT: "Esiste un trattamento naturale {for_the}?",
        K.CAUSES: "Quali sono le cause {of_the}?",
        K.SYMPTOMS: "Quali sono i sintomi {of_the}?",
        K.FIRST_SYMPTOMS: "Quali sono i primi sintomi {of_the}?",
        K.DIAGNOSIS: "Come si diagnostica {the}?",
        K.TREATMENTS: "Quali sono i migliori trattamenti {for_the}?",
        K.CURE: "Esiste una cura {for_the}?",
        K.BEST_DOCTORS: "Quali sono i migliori medici e ospedali {for_the}?",
    },
    "pt": {
        K.LIFE_EXPECTANCY: "Qual é a esperança de vida de uma pessoa com {the}?",
        K.CELEBRITIES: "Famosos com {the}",
        K.HEREDITARY: ("{The} é hereditária?", "{The} é hereditário?"),
        K.CONTAGIOUS: ("{The} é contagiosa?", "{The} é contagioso?"),
        K.NATURAL_TREATMENT: "Existe algum tratamento natural {for_the}?",
        K.CAUSES: "Quais são as causas {of_the}?",
        K.SYMPTOMS: "Quais são os sintomas {of_the}?",
        K.FIRST_SYMPTOMS: "Quais são os primeiros sintomas {of_the}?",
        K.DIAGNOSIS: "Como se diagnostica {the}?",
        K.TREATMENTS: "Quais são os melhores tratamentos {for_the}?",
        K.CURE: "{The} tem cura?",
        K.BEST_DOCTORS: "Quais são os melhores médicos e hospitais {for_the}?",
    },
    "de": {
        K.LIFE_EXPECTANCY: "Wie hoch ist die Lebenserwartung bei {name}?",
        K.CELEBRITIES: "Prominente mit {name}",
        K.HEREDITARY: "Ist {name} erblich?",
        K.CONTAGIOUS: "Ist {name} ansteckend?",
        K.NATURAL_TREATMENT: "Gibt es eine natürliche Behandlung bei {name}?",
        K.CAUSES: "Was sind die Ursachen von {name}?",
        K.SYMPTOMS: "Was sind die Symptome von {name}?",
        K.FIRST_SYMPTOMS: "Was sind die ersten Symptome von {name}?",
        K.DIAGNOSIS: "Wie wird {name} diagnostiziert?",
        K.TREATMENTS: "Was sind die besten Behandlungen bei {name}?",
        K.CURE: "Ist {name} heilbar?",
        K.BEST_DOCTORS: "Welche Ärzte und Kliniken sind die besten bei {name}?",
    },
}


def standard_wording(kind: str, language: str, name: str, gender: str) -> str | None:
    """The standard question of `kind` in `language` about a condition of that name there, or None
    when there is no name (or no template: English's wording is in standard_questions.py)."""
    template = TEMPLATES.get(language, {}).get(kind)
    if template is None or not name.strip():
        return None
    if isinstance(template, tuple):
        feminine, masculine = template
        template = feminine if gender == Gender.FEMININE else masculine
    forms = name_forms(name.strip(), language, gender).placeholders()
    return template.format(NBSP=NBSP, **forms)
