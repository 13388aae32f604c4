"""Generate static/img/world.svg, a small world map drawn from the vendored world-atlas data.

Reads static/vendor/world-atlas/countries-110m.json (TopoJSON, Natural Earth 1:110m, public domain) and writes
an equirectangular SVG with viewBox "0 0 360 180" (x = lon + 180, y = 90 - lat): one <path> per country,
presentation attributes only (no style attributes, no scripts). Coordinates are rounded to one decimal and
consecutive duplicate points dropped. Rings that cross the antimeridian (Fiji, Chukotka) are cut at the map edges,
and Antarctica, which circles the South Pole, is closed along the bottom edge.

Regenerate from the project root with the standard library only:

    python3 tools/world_svg.py

Options: --input PATH and --output PATH override the default file locations.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "static" / "vendor" / "world-atlas" / "countries-110m.json"
DEFAULT_OUTPUT = ROOT / "static" / "img" / "world.svg"
OBJECT_NAME = "countries"

FILL = "#d7e7e3"
STROKE = "#ffffff"
STROKE_WIDTH = "0.3"

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Return every arc as absolute (lon, lat) points, undoing quantization and delta encoding."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def stitch_ring(indexes: Sequence[int], arcs: list[list[Point]]) -> Ring:
    """Join arcs into one ring; a negative index ~i means arc i traversed backwards."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        if ring:
            ring.pop()  # The previous arc's last point is this arc's first point.
        ring.extend(arc)
    return ring


def geometry_polygons(geometry: dict, arcs: list[list[Point]]) -> list[list[Ring]]:
    """Return the geometry as a list of polygons, each a list of rings (outer ring first)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [[stitch_ring(ring, arcs) for ring in polygon] for polygon in polygons]


def fmt(value: float) -> str:
    """Format a coordinate with at most one decimal: 12.0 -> "12", 0.5 -> "0.5"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def project(lon: float, lat: float) -> tuple[str, str]:
    """Equirectangular projection into the 360 x 180 viewBox, rounded to one decimal."""
    return fmt(lon + 180), fmt(90 - lat)


def unwrap(ring: Ring) -> Ring:
    """Shift longitudes by multiples of 360 so that no edge is longer than 180 degrees of longitude.

    A ring that crossed the antimeridian then runs past +/-180 instead of jumping across the whole map; a ring
    around a pole (Antarctica) ends 360 degrees from where it started and is closed along that pole.
    """
    if not ring:
        return []
    out: Ring = [ring[0]]
    shift = 0.0
    for (lon0, _), (lon1, lat1) in pairwise(ring):
        if lon1 - lon0 > 180:
            shift -= 360
        elif lon0 - lon1 > 180:
            shift += 360
        out.append((lon1 + shift, lat1))
    if abs(shift) > 180:
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def clip(ring: Ring, inside: Callable[[Point], bool], cross: Callable[[Point, Point], Point]) -> Ring:
    """Sutherland-Hodgman: keep the part of a closed ring on one side of a line."""
    out: Ring = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out


def at_lon(lon: float) -> Callable[[Point, Point], Point]:
    def cross(a: Point, b: Point) -> Point:
        t = (lon - a[0]) / (b[0] - a[0])
        return lon, a[1] + t * (b[1] - a[1])

    return cross


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Return the ring as pieces inside -180 <= lon <= 180 (one piece unless it crosses the antimeridian)."""
    ring = unwrap(ring)
    if not ring:
        return []
    lons = [lon for lon, _ in ring]
    if min(lons) >= -180 and max(lons) <= 180:
        return [ring]
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        if max(lons) + shift <= -180 or min(lons) + shift >= 180:
            continue
        piece = [(lon + shift, lat) for lon, lat in ring]
        piece = clip(piece, lambda p: p[0] >= -180, at_lon(-180))
        piece = clip(piece, lambda p: p[0] <= 180, at_lon(180))
        pieces.append(piece)
    return pieces


def area(points: Sequence[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True)) / 2


def ring_path(ring: Ring) -> str:
    """Return "Mx,y x,y ...Z" for a ring, or "" when rounding leaves nothing with an area to draw."""
    points: list[tuple[str, str]] = []
    for lon, lat in ring:
        point = project(lon, lat)
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()  # "Z" closes the ring.
    if len(points) < 3 or area([(float(x), float(y)) for x, y in points]) == 0:
        return ""
    return "M" + " ".join(f"{x},{y}" for x, y in points) + "Z"


def country_path(polygons: Iterable[list[Ring]]) -> str:
    return "".join(ring_path(piece) for polygon in polygons for ring in polygon for piece in split_antimeridian(ring))


def build_svg(topology: dict) -> str:
    arcs = decode_arcs(topology)
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" role="img" aria-label="World map">',
    ]
    for geometry in topology["objects"][OBJECT_NAME]["geometries"]:
        d = country_path(geometry_polygons(geometry, arcs))
        if not d:
            continue
        lines.append(f'<path d={quoteattr(d)} fill="{FILL}" stroke="{STROKE}" stroke-width="{STROKE_WIDTH}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="TopoJSON file (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="SVG file (default: %(default)s)")
    args = parser.parse_args(argv)

    topology = json.loads(args.input.read_text(encoding="utf-8"))
    svg = build_svg(topology)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(svg, encoding="utf-8")
    print(f"wrote {args.output} ({len(svg.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
