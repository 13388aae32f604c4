"""Finding a condition among thousands by a name, a synonym or a code, as people type them.

Ranks, best first: a code ("ORPHA:905", "905", "omim 277900") or an exact name or synonym; then a
name or synonym that starts with the query; one of their words that does; one that contains it;
every word of the query somewhere. Among equals, conditions with more people on their map come
first. When nothing matches so, the query is taken as misspelt: the names close to it by trigram
similarity, the closest first (PostgreSQL's pg_trgm, or on SQLite an FTS5 trigram index whose
candidates are scored here). Everything is compared
folded: lower case, without accents.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import and_, or_

from django.db import connections
from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, QuerySet, Value, When

from conditions.text import fold

CODE = re.compile(r"^(?:(orpha|orphanet|omim)\s*:?\s*)?0*(\d{1,7})$")
WORDS = re.compile(r"[^\W_]+")
CLOSE_FROM = 4  # letters: shorter queries are prefixes still being typed, not misspellings
CLOSE_ENOUGH = 0.35  # trigram similarity (SQLite): "hemocromatosys" to "hemochromatosis" is 0.48
CANDIDATES = 40  # conditions sharing the most trigrams with the query, scored on SQLite
FTS_TABLE = "conditions_search_trigrams"

EXACT, PREFIX, WORD_PREFIX, SUBSTRING, EVERY_WORD, CLOSE = range(6)


def search(conditions: QuerySet, query: str) -> QuerySet:
    folded = " ".join(fold(query).split())
    words = WORDS.findall(folded)
    if not words:
        return conditions.none()
    by_code = code_match(folded)
    every_word = reduce(and_, [Q(search_text__contains=word) for word in words])
    found = conditions.filter(every_word | by_code if by_code is not None else every_word)
    if by_code is None and not found.exists():
        return close_to(conditions, folded, words)
    ranks = [When(by_code, then=Value(EXACT))] if by_code is not None else []
    ranks += [
        When(exact_name(folded), then=Value(EXACT)),
        When(Q(search_text__startswith=folded) | Q(search_text__contains=f"| {folded}"), then=Value(PREFIX)),
        When(word_prefix(folded), then=Value(WORD_PREFIX)),
        When(search_text__contains=folded, then=Value(SUBSTRING)),
    ]
    rank = Case(*ranks, default=Value(EVERY_WORD), output_field=FloatField())
    return found.annotate(search_rank=rank).order_by("search_rank", "-map_people", "name")


def close_to(conditions: QuerySet, folded: str, words: list[str]) -> QuerySet:
    """When nothing contains the query: the names close to it, the closest first."""
    if sum(len(word) for word in words) < CLOSE_FROM:
        return conditions.none()
    if connections[conditions.db].vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        close = conditions.filter(search_text__trigram_word_similar=folded)
        closeness = TrigramWordSimilarity(Value(folded), F("search_text"))
    else:
        scores = scored_candidates(conditions.db, words)
        close = conditions.filter(pk__in=list(scores))
        closeness = Case(*[When(pk=pk, then=Value(score)) for pk, score in scores.items()], default=Value(0.0))
    rank = ExpressionWrapper(Value(float(CLOSE + 1)) - closeness, output_field=FloatField())
    return close.annotate(search_rank=rank).order_by("search_rank", "-map_people", "name")


def is_close_match(condition) -> bool:
    """Whether a search found this condition only by its name's closeness to a misspelt query."""
    return getattr(condition, "search_rank", 0) >= CLOSE


def exact_name(folded: str) -> Q:
    """The whole name, or a whole synonym: search_text is "name | synonym | …"."""
    return (
        Q(search_text=folded)
        | Q(search_text__startswith=f"{folded} | ")
        | Q(search_text__endswith=f" | {folded}")
        | Q(search_text__contains=f" | {folded} | ")
    )


def word_prefix(folded: str) -> Q:
    return reduce(or_, [Q(search_text__contains=f"{separator}{folded}") for separator in " -–(/"])


def code_match(folded: str) -> Q | None:
    match = CODE.match(folded)
    if not match:
        return None
    source, number = match.groups()
    if source == "omim":
        return Q(omim_code=number)
    if source:
        return Q(orpha_code=number)
    return Q(orpha_code=number) | Q(omim_code=number)


def scored_candidates(alias: str, words: list[str]) -> dict[int, float]:
    """SQLite: the conditions sharing most trigrams with the query (FTS5's trigram index), kept if
    their words are close enough to the query's."""
    phrases = " OR ".join(sorted({f'"{word[i : i + 3]}"' for word in words for i in range(len(word) - 2)}))
    if not phrases:
        return {}
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, search_text FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s",
            [phrases, CANDIDATES],
        )
        rows = cursor.fetchall()
    scores = {pk: similarity(words, text) for pk, text in rows}
    return {pk: score for pk, score in scores.items() if score >= CLOSE_ENOUGH}


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(words: list[str], text: str) -> float:
    """How close the query's words are to the text's: each word to its closest, on average."""
    targets = [trigrams(word) for word in WORDS.findall(text)]
    if not targets:
        return 0.0
    total = 0.0
    for word in words:
        mine = trigrams(word)
        total += max(len(mine & theirs) / len(mine | theirs) for theirs in targets)
    return total / len(words)


def ensure_trigram_index(using: str = "default", **kwargs) -> None:
    """SQLite: the FTS5 trigram index of the conditions' search text, kept by triggers. Made after
    every migrate, since SQLite drops a table's triggers when a migration rebuilds the table."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
            "content='conditions_condition', content_rowid='id', tokenize='trigram')"
        )
        for statement in TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS conditions_search_added AFTER INSERT ON conditions_condition BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS conditions_search_removed AFTER DELETE ON conditions_condition BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS conditions_search_changed AFTER UPDATE OF search_text ON conditions_condition
        BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
