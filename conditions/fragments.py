"""The versions that key the shared fragments of the signed-in pages (`{% cache %}` in the
templates, with the `fragments` template library): what every member sees alike is rendered once
per version and language, and only the member's own bits are rendered per request.

One function per fragment, so that each can follow the version of what it shows. Both follow
`Condition.updated_at` today; when the map gets a version of its own, `map_version` points at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conditions.models import Condition

FRAGMENT_SECONDS = 24 * 3600  # a version that lives longer is rendered again once a day


def summary_version(condition: Condition) -> float:
    """The condition page's summary: its causes article in brief and its top questions, with their
    answer counts."""
    return condition.updated_at.timestamp()


def map_version(condition: Condition) -> float:
    """The map's figures, preview and folium map, on the condition page and the map page."""
    return condition.updated_at.timestamp()
