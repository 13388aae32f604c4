"""The A–Z index: a page per letter (`?letter=w&page=2`), and search results paged alike (`?q=`).

Each condition is filed under its stored `initial` (conditions.text.initial_of): A to Z, or "#", of
its name in the page's language (English's if it has none there), and ordered by that name.
A page costs the same whatever the number of conditions: the letters' counts in one GROUP BY, and
one page of rows, each marked for its causes article by a subquery, not a query per row.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from conditions.models import Article, ArticleStatus, Condition
from conditions.search import is_close_match

LETTERS = (*string.ascii_uppercase, "#")
CONDITIONS_PER_PAGE = 100
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")  # beyond page 999,999 nothing is looked for


@dataclass(frozen=True)
class Letter:
    letter: str
    count: int

    @property
    def parameter(self) -> str:
        """How the letter is written in its address: ?letter=w (and ?letter=%23 for #)."""
        return urlencode({"letter": self.letter.lower()})


@dataclass(frozen=True)
class PageLink:
    """A link of the pagination: a page's number and address, or a gap (number None)."""

    number: int | None
    query: str = ""


def letter_named(value: str | None) -> str | None:
    """The index letter a `letter` parameter names ("w" or "W" is W), "" when it names none, or
    None when it is no letter of the index."""
    if not value:
        return ""
    letter = value.upper()
    return letter if letter in LETTERS else None


def page_number(value: str | None) -> int | None:
    """The page a `page` parameter names (1 when it names none), or None when it is no page number."""
    if not value:
        return 1
    return int(value) if PAGE_NUMBER.fullmatch(value) else None


def variant(request) -> str | None:
    """The cached variant of the index a visitor asks for: its letter and page, normalised, so that
    `W` and `w` share one. None (not cached) for search results and for forged letters and pages,
    which are a 404: the cache holds at most one page per real page of the index."""
    if request.GET.get("q", "").strip():
        return None
    letter, number = letter_named(request.GET.get("letter")), page_number(request.GET.get("page"))
    return None if letter is None or number is None else f"{letter}:{number}"


def listed(conditions: QuerySet[Condition]) -> QuerySet[Condition]:
    """What a row of the index shows: the name and address, the people on its map (kept on the
    condition by community's signals, the figure its page gives visitors), and whether it has a
    published causes article."""
    published_article = Article.objects.filter(condition=OuterRef("pk"), status=ArticleStatus.PUBLISHED)
    return conditions.only("name", "slug", "synonyms", "is_published", "map_people").annotate(
        has_causes_article=Exists(published_article)
    )


def letters(conditions: QuerySet[Condition]) -> list[Letter]:
    """Every letter of the index, with how many of these conditions it holds. One query."""
    counts = conditions.letter_counts()
    return [Letter(letter, counts.get(letter, 0)) for letter in LETTERS]


def chosen_letter(value: str | None, alphabet: list[Letter]) -> Letter | None:
    """The letter asked for, or when none is, the first with conditions (None if there are none)."""
    letter = letter_named(value)
    if letter is None:
        raise Http404(_("The index has no such letter."))
    if letter:
        return next(entry for entry in alphabet if entry.letter == letter)
    return next((entry for entry in alphabet if entry.count), None)


def page_of(conditions: QuerySet[Condition], value: str | None, count: int | None = None) -> Page:
    """The page of `conditions` a `page` parameter names, or a 404. `count`: their number when it is
    known already (a letter's), which spares counting them again."""
    paginator = Paginator(listed(conditions), CONDITIONS_PER_PAGE)
    if count is not None:
        paginator.count = count
    number = page_number(value)
    try:
        if number is None:
            raise InvalidPage
        return paginator.page(number)
    except InvalidPage:
        raise Http404(_("This list has no such page.")) from None


def letter_page(conditions: QuerySet[Condition], letter_value: str | None, page_value: str | None) -> dict:
    """The context of a letter's page: the letters, the letter asked for (or the first with
    conditions), its page of conditions and the pagination. Two queries."""
    alphabet = letters(conditions)
    letter = chosen_letter(letter_value, alphabet)
    if letter is None:
        page = page_of(conditions.none(), page_value, count=0)
    else:
        in_order = conditions.filed_under(letter.letter)
        page = page_of(in_order, page_value, count=letter.count)
    parameters = {"letter": letter.letter.lower()} if letter else {}
    own_address = bool(letter_value or page.number > 1)  # the first letter's first page is /conditions/ too
    return {
        "alphabet": alphabet,
        "letter": letter,
        **paged(page, parameters),
        "canonical_query": address(parameters, page.number) if own_address else "",
    }


def search_results(conditions: QuerySet[Condition], query: str, page_value: str | None) -> dict:
    """The context of a page of search results, in the order search gives them. Two queries."""
    page = page_of(conditions.search(query), page_value)
    close = bool(page.object_list) and is_close_match(page.object_list[0])
    return {"query": query, **paged(page, {"q": query}), "canonical_query": "", "close_names": close}


def paged(page: Page, parameters: dict[str, str]) -> dict:
    """A page of conditions, their number, and the pagination's links (query strings)."""
    return {
        "conditions": page,
        "total": page.paginator.count,
        "pages": page_links(page, parameters),
        "previous_query": address(parameters, page.previous_page_number()) if page.has_previous() else "",
        "next_query": address(parameters, page.next_page_number()) if page.has_next() else "",
    }


def page_links(page: Page, parameters: dict[str, str]) -> list[PageLink]:
    """The pagination's links: the first and last pages, and two either side of this one, with gaps
    between. Page 1's address has no page number: one address per page."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append(PageLink(None))
        else:
            links.append(PageLink(number, address(parameters, number)))
    return links


def address(parameters: dict[str, str], number: int) -> str:
    """The query string of a page of the index: ?letter=w&page=2, ?q=wilson."""
    return urlencode({**parameters, **({"page": number} if number > 1 else {})})
