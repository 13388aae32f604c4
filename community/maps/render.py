"""The world map of a condition: its data, cached per map version, audience and language, and
its folium (Leaflet) map, which holds no figures and is rendered once per process. Cost follows
places, never members.

Two forms of the same data, under the same privacy rules (see community/maps/figures.py):
- `geojson()`: the open API's GeoJSON FeatureCollection, one feature per marker;
- `map_places()`: what the map page loads, the same markers in compact columns (coordinates in
  hundredths of a degree, by country and delta-coded: community/maps/columns.py), a few bytes a
  place once gzipped. Signed-in members get place ids, for the member lists, and load a place's
  name with its members; the public gets the names, and no ids.
Both are cached already gzipped, so a cached response costs no compression.

folium builds the map: Leaflet, a marker cluster that sums members rather than markers, and a
call into static/js/condition-map.js, which fetches the compact data, draws the places and the
countries' choropleth, and fills popups with text only (never HTML from member data). All
scripts are this project's static files; the one inline script carries the page's CSP nonce.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass

import folium
import xyzservices
from branca.element import MacroElement
from django.conf import settings
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from folium.plugins import MarkerCluster
from folium.template import Template

from community.maps.caching import MAP_VERSION_SECONDS, cache_get, versioned_key
from community.maps.columns import COMPACT_SCALE
from community.maps.figures import Audience, MapMarker, MapSummary, summary_for
from community.maps.kept import markers_for, places_columns
from conditions.models import Condition

COORDINATE_DECIMALS = 3
GZIP_LEVEL = 4  # measured on the places data: 4% larger than 6, a quarter of the time
PLACE_ID_PLACEHOLDER = 987654321
DATA_URL_PLACEHOLDER = "DISEASEMAPS_DATA_URL"


@dataclass(frozen=True)
class Payload:
    """A JSON response body, with its gzipped form ready to send."""

    raw: bytes
    gzipped: bytes
    content_type: str

    @classmethod
    def of(cls, data: dict, content_type: str, **encoded: str) -> Payload:
        """The JSON of `data`, with the members given `encoded` already, as JSON, added at the end."""
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if encoded:
            text = text[:-1] + "".join(f',"{name}":{value}' for name, value in encoded.items()) + "}"
        raw = text.encode()
        return cls(raw, gzip.compress(raw, GZIP_LEVEL), content_type)


def cache_key(kind: str, condition: Condition, audience: Audience) -> str:
    return versioned_key(kind, condition.pk, condition.map_version, audience, get_language())


def cached(kind: str, condition: Condition, audience: Audience, build: Callable[[], object]):
    key = cache_key(kind, condition, audience)
    value = cache_get(key)
    if value is None:
        value = build()
        cache.set(key, value, MAP_VERSION_SECONDS)
    return value


def geojson(condition: Condition, audience: Audience) -> Payload:
    def build() -> Payload:
        summary = summary_for(condition, audience)
        collection = feature_collection(condition, audience, summary, markers_for(condition, audience))
        return Payload.of(collection, "application/geo+json")

    return cached("geojson", condition, audience, build)


def map_places(condition: Condition, audience: Audience) -> Payload:
    def build() -> Payload:
        summary = summary_for(condition, audience)
        columns, folded = places_columns(condition, audience)
        return Payload.of(compact_places(condition, audience, summary, folded), "application/json", places=columns)

    return cached("places", condition, audience, build)


def summary_members(condition: Condition, audience: Audience, summary: MapSummary) -> dict:
    """What both forms carry besides the markers: the totals, by country (and, for the public, the
    areas where small countries are counted together) and by role."""
    return {
        "condition": condition.slug,
        "audience": str(audience),
        "total": summary.total,
        "min_group": summary.min_group,
        "countries": {
            country.iso_numeric: {"code": country.code, "name": country.name, "count": country.count}
            for country in summary.countries
        },
        "elsewhere": [
            {"continent": area.continent or None, "name": area.name, "count": area.count} for area in summary.elsewhere
        ],
        "roles": {role: count for role, _label, count in summary.roles},
    }


def members_url_maker(condition: Condition) -> Callable[[int | str], str]:
    """The member-list URL of each place, without a reverse() per place."""
    url = reverse("api:map-place-members", args=[condition.slug, PLACE_ID_PLACEHOLDER])
    head, _placeholder, tail = url.rpartition(str(PLACE_ID_PLACEHOLDER))
    return lambda place_id: f"{head}{place_id}{tail}"


def rounded(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def feature_collection(condition: Condition, audience: Audience, summary: MapSummary, markers: list[MapMarker]) -> dict:
    members_url = members_url_maker(condition)
    features = []
    for marker in markers:
        properties = {"label": marker.label, **area_of(marker), "count": marker.count}
        if marker.place_id is not None:
            properties["place"] = marker.place_id
        if marker.listed:
            properties["listed"] = marker.listed
            properties["members_url"] = members_url(marker.place_id)
        features.append(
            {
                "type": "Feature",
                "id": marker.key,
                "geometry": {"type": "Point", "coordinates": [rounded(marker.longitude), rounded(marker.latitude)]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", **summary_members(condition, audience, summary), "features": features}


def area_of(marker: MapMarker) -> dict[str, str]:
    return {"continent": marker.continent} if marker.continent else {"country": marker.country_code}


def compact_places(condition: Condition, audience: Audience, summary: MapSummary, folded: list[MapMarker]) -> dict:
    """The places data but its places' columns (community/maps/columns.py), which Payload.of adds:
    the summary, the scale of the coordinates, the members' URL of a place for members, and the
    groups folded for the public."""
    links = {"members_url": members_url_maker(condition)("{id}")} if audience == Audience.MEMBERS else {}
    return {
        **summary_members(condition, audience, summary),
        "scale": COMPACT_SCALE,
        **links,
        "folded": [
            {
                **area_of(marker),
                "label": marker.label,
                "lat": rounded(marker.latitude),
                "lon": rounded(marker.longitude),
                "count": marker.count,
            }
            for marker in folded
        ],
    }


@dataclass(frozen=True)
class RenderedMap:
    html: str  # the map's <div>
    script: str  # the JavaScript that builds it, to put in a <script> with the page's nonce


class ConditionMapLayers(MacroElement):
    """Hands the map and its cluster to static/js/condition-map.js with the data to load."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.diseasemaps.conditionMap({
            map: {{ this._parent.get_name() }},
            cluster: {{ this.cluster.get_name() }},
            config: {{ this.config|tojson }}
        });
        {% endmacro %}
        """
    )

    def __init__(self, cluster: MarkerCluster, config: dict):
        super().__init__()
        self._name = "ConditionMapLayers"
        self.cluster = cluster
        self.config = config


def rendered_map(condition: Condition, audience: Audience, labels: dict[str, str]) -> RenderedMap:
    """The folium map of a condition. It holds no figures, and differs between conditions only by
    its data URL, so it is rendered once per process for each audience, wording and tile setting
    (folium takes milliseconds to render) and the condition's URL is put in."""
    tiles = (settings.MAP_TILES_URL, settings.MAP_TILES_ATTRIBUTION, settings.MAP_MAX_ZOOM)
    template = map_template(audience, tuple(labels.items()), tiles)
    data_url = reverse("api:condition-map-places", args=[condition.slug])
    return RenderedMap(template.html, template.script.replace(DATA_URL_PLACEHOLDER, data_url))


@functools.lru_cache(maxsize=64)
def map_template(audience: Audience, labels: tuple[tuple[str, str], ...], tiles: tuple[str, str, int]) -> RenderedMap:
    return build_map(audience, dict(labels), *tiles)


def tile_provider(url: str, attribution: str) -> xyzservices.TileProvider | None:
    """The tiles, or None for a map without tiles. Given a plain URL, folium would first search
    every provider xyzservices knows for its name (3 ms a map)."""
    return xyzservices.TileProvider(name="tiles", url=url, attribution=attribution) if url else None


def build_map(
    audience: Audience, labels: dict[str, str], tiles_url: str, attribution: str, max_zoom: int
) -> RenderedMap:
    world = folium.Map(
        location=[25, 10],
        zoom_start=2,
        tiles=tile_provider(tiles_url, attribution),
        min_zoom=0,  # a phone fits the whole world only at zoom 0
        max_zoom=max_zoom,
        maxZoom=max_zoom,  # also on the map itself: without tiles, the cluster needs it
        world_copy_jump=True,
        control_scale=True,
    )
    # Never folium's CDN links: the page loads these files from this project (templates/community/maps/map.html).
    world.default_js = [("leaflet", static("vendor/leaflet/leaflet.js"))]
    world.default_css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
    cluster = MarkerCluster(
        name=labels["places"],
        options={"showCoverageOnHover": False, "maxClusterRadius": 50, "chunkedLoading": True},
        icon_create_function="window.diseasemaps.clusterIcon",
    )
    cluster.default_js = [("markerclusterjs", static("vendor/leaflet.markercluster/leaflet.markercluster.js"))]
    cluster.default_css = [
        ("markerclustercss", static("vendor/leaflet.markercluster/MarkerCluster.css")),
        ("markerclusterdefaultcss", static("vendor/leaflet.markercluster/MarkerCluster.Default.css")),
    ]
    cluster.add_to(world)
    config = {
        "dataUrl": DATA_URL_PLACEHOLDER,
        "countriesUrl": static("vendor/world-atlas/countries-110m.json"),
        "audience": str(audience),
        "labels": labels,
    }
    ConditionMapLayers(cluster, config).add_to(world)
    figure = world.get_root()
    figure.render()
    return RenderedMap(html=figure.html.render(), script=figure.script.render())
