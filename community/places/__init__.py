"""Places: the gazetteer of towns and cities members live in (loaded from GeoNames), the search
behind the place picker and its API, and geocoding against it."""
