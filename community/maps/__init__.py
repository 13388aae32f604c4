"""A condition's map: the figures counted from memberships (figures.py), the suppression of small
groups for visitors (suppression.py), the folium map and its cached JSON data (render.py), the map
and people pages (views.py) and the map's API (api.py)."""
