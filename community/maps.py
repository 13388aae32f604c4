"""The world map of a condition: its GeoJSON data and its folium (Leaflet) map, both cached per
condition version, audience and language. Cost follows places, never members.

folium builds the map: Leaflet, a marker cluster that sums members rather than markers, and a
call into static/js/condition-map.js, which fetches the GeoJSON, draws the places and the
countries' choropleth, and fills popups with text only (never HTML from member data). All
scripts are this project's static files; the one inline script carries the page's CSP nonce.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from django.conf import settings
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from folium.plugins import MarkerCluster
from folium.template import Template

from community.figures import Audience, MapFigures, figures_for
from conditions.models import Condition

MAP_SECONDS = 24 * 3600
COORDINATE_DECIMALS = 3


def cache_key(kind: str, condition: Condition, audience: Audience) -> str:
    return f"map-{kind}:{condition.pk}:{condition.updated_at.timestamp()}:{audience}:{get_language()}"


def geojson(condition: Condition, audience: Audience) -> bytes:
    """The map's data: a FeatureCollection of markers, with the totals as foreign members."""
    key = cache_key("geojson", condition, audience)
    data = cache.get(key)
    if data is None:
        data = json.dumps(feature_collection(condition, figures_for(condition, audience)), separators=(",", ":"))
        data = data.encode()
        cache.set(key, data, MAP_SECONDS)
    return data


def feature_collection(condition: Condition, figures: MapFigures) -> dict:
    features = []
    for marker in figures.markers:
        properties = {"label": marker.label, "country": marker.country_code, "count": marker.count}
        if marker.place_id is not None:
            properties["place"] = marker.place_id
        if marker.listed:
            properties["listed"] = marker.listed
            properties["members_url"] = reverse("api:map-place-members", args=[condition.slug, marker.place_id])
        features.append(
            {
                "type": "Feature",
                "id": marker.key,
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(marker.longitude, COORDINATE_DECIMALS),
                        round(marker.latitude, COORDINATE_DECIMALS),
                    ],
                },
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "condition": condition.slug,
        "audience": str(figures.audience),
        "total": figures.total,
        "min_group": figures.min_group,
        "countries": {
            country.iso_numeric: {"code": country.code, "name": country.name, "count": country.count}
            for country in figures.countries
        },
        "roles": {role: count for role, _label, count in figures.roles},
        "features": features,
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
    key = cache_key("folium", condition, audience)
    rendered = cache.get(key)
    if rendered is None:
        rendered = build_map(condition, audience, labels)
        cache.set(key, rendered, MAP_SECONDS)
    return rendered


def build_map(condition: Condition, audience: Audience, labels: dict[str, str]) -> RenderedMap:
    tiles = settings.MAP_TILES_URL or None
    world = folium.Map(
        location=[25, 10],
        zoom_start=2,
        tiles=tiles,
        attr=settings.MAP_TILES_ATTRIBUTION if tiles else None,
        min_zoom=1,
        max_zoom=settings.MAP_MAX_ZOOM,
        maxZoom=settings.MAP_MAX_ZOOM,  # also on the map itself: without tiles, the cluster needs it
        world_copy_jump=True,
        control_scale=True,
    )
    # Never folium's CDN links: the page loads these files from this project (templates/community/map.html).
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
        "dataUrl": reverse("api:condition-map", args=[condition.slug]),
        "countriesUrl": static("vendor/world-atlas/countries-110m.json"),
        "audience": str(audience),
        "labels": labels,
    }
    ConditionMapLayers(cluster, config).add_to(world)
    figure = world.get_root()
    figure.render()
    return RenderedMap(html=figure.html.render(), script=figure.script.render())
