"""The versions that key the shared fragments of the signed-in pages (`{% cache %}` in the
templates, with the `fragments` template library): what every member sees alike is rendered once
per version and language, and only the member's own bits are rendered per request.

One function per fragment, so that each follows the version of what it shows: the summary the
condition's content (`updated_at`, moved by articles, questions, answers and votes), the map's
fragments its map version (moved by joins, leaves, hides and moves) and its content too (the
condition's name is on them). Map fragments live an hour, as the map's other cache entries
(community.maps.caching.MAP_VERSION_SECONDS); the summary a day.
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


def map_version(condition: Condition) -> str:
    """The map's figures, preview and folium map, on the condition page and the map page."""
    return f"{condition.map_version}-{condition.updated_at.timestamp()}"
