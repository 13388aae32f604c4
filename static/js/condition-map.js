/* The world map of a condition. folium builds the Leaflet map and its marker cluster, then calls
   diseasemaps.conditionMap(), which loads the map's places in compact columns (figures already
   filtered for this audience by the server) and the countries' shapes, and draws:
   - one marker per place (or per country, for small groups shown to the public), clustered, each
     cluster showing the number of people it holds;
   - the countries, shaded by the number of people in each.
   Popups are built from DOM nodes and textContent: member-provided text is never parsed as HTML. */
(function () {
  "use strict";
  var ns = (window.diseasemaps = window.diseasemaps || {});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* The data comes in the page's language (country names, "Elsewhere in …"), whatever the browser asks for. */
  function jsonHeaders() {
    return { Accept: "application/json", "Accept-Language": document.documentElement.lang || "en" };
  }

  function peopleText(labels, count) {
    return count === 1 ? labels.person : labels.people.replace("{count}", String(count));
  }

  function sizeClass(count) {
    return count >= 1000 ? "xl" : count >= 100 ? "l" : count >= 10 ? "m" : "s";
  }

  function countIcon(count, placeId) {
    var size = { s: 30, m: 36, l: 44, xl: 52 }[sizeClass(count)];
    var place = placeId ? ' data-place="' + Number(placeId) + '"' : "";
    return L.divIcon({
      html: "<span" + place + ">" + Number(count) + "</span>",
      className: "map-count map-count--" + sizeClass(count),
      iconSize: L.point(size, size)
    });
  }

  ns.clusterIcon = function (cluster) {
    var total = 0;
    cluster.getAllChildMarkers().forEach(function (marker) { total += marker.options.people; });
    return countIcon(total);
  };

  /* `button` ("Show more") is hidden, not removed, while the next page loads: a click whose
     target has left the page reads to Leaflet as a click on the map, which closes the popup. */
  function loadMembers(url, box, list, labels, button) {
    if (button) { button.hidden = true; }
    var status = el("p", "map-popup__status", labels.loading);
    box.appendChild(status);
    fetch(url, { credentials: "same-origin", headers: jsonHeaders() })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (page) {
        status.remove();
        if (button) { button.remove(); }
        box.querySelector(".map-popup__title").textContent = page.place.label;
        if (!page.results.length && !list.children.length) {
          box.appendChild(el("p", "muted", labels.noneListed));
          return;
        }
        page.results.forEach(function (member) {
          var item = el("li");
          var link = el("a", null, member.display_name);
          link.href = member.profile_url;
          item.appendChild(link);
          item.appendChild(el("span", "map-popup__role", " · " + member.role + " "));
          var connect = el("a", "button button--small button--secondary", labels.connect);
          connect.href = member.profile_url;
          item.appendChild(connect);
          list.appendChild(item);
        });
        if (page.next) {
          var more = el("button", "button--secondary button--small", labels.more);
          more.type = "button";
          more.addEventListener("click", function () { loadMembers(page.next, box, list, labels, more); });
          box.appendChild(more);
        }
        box.dispatchEvent(new Event("diseasemaps:loaded"));
      })
      .catch(function () { status.textContent = labels.loadFailed; });
  }

  /* A place's popup. Signed-in members load the place's name and its listed members when they
     open it; the public sees the name and the count only. */
  function popupContent(place, config) {
    var labels = config.labels;
    var box = el("div", "map-popup");
    box.appendChild(el("h3", "map-popup__title", place.label || labels.place));
    box.appendChild(el("p", "map-popup__count", peopleText(labels, place.count)));
    if (config.audience === "members" && place.membersUrl) {
      if (place.listed) { box.appendChild(el("p", "map-popup__subtitle", labels.listed)); }
      var list = el("ul", "map-popup__members");
      box.appendChild(list);
      box.addEventListener("diseasemaps:open", function once() {
        box.removeEventListener("diseasemaps:open", once);
        loadMembers(place.membersUrl, box, list, labels);
      });
    } else if (config.audience !== "members" && !place.folded) {
      box.appendChild(el("p", "muted", labels.signIn));
    }
    return box;
  }

  /* The compact columns of /api/conditions/<slug>/map/places/ as a list of places. */
  function decodePlaces(data) {
    var columns = data.places;
    var scale = data.scale;
    var lat = 0, lon = 0, id = 0;
    var places = columns.count.map(function (count, i) {
      lat += columns.lat[i];
      lon += columns.lon[i];
      var place = { lat: lat / scale, lon: lon / scale, count: count };
      if (columns.id) {
        id += columns.id[i];
        place.id = id;
        place.listed = columns.listed[i];
        place.membersUrl = data.members_url.replace("{id}", String(id));
      }
      if (columns.name) { place.label = columns.name[i]; }
      return place;
    });
    data.folded.forEach(function (group) {
      places.push({ lat: group.lat, lon: group.lon, count: group.count, label: group.label, folded: true });
    });
    return places;
  }

  /* Popups keep clear of the zoom control (top left): Leaflet pans the map so that a popup stays
     this far from the edges, and a popup is never wider than that leaves room for. */
  var POPUP_CLEAR_TOP_LEFT = [60, 12];
  var POPUP_CLEAR_BOTTOM_RIGHT = [12, 12];

  function popupOptions(map) {
    var room = map.getSize().x - POPUP_CLEAR_TOP_LEFT[0] - POPUP_CLEAR_BOTTOM_RIGHT[0] - 50;  // 50: the popup's frame
    return {
      maxWidth: Math.max(160, Math.min(320, room)),
      autoPanPaddingTopLeft: L.point(POPUP_CLEAR_TOP_LEFT),
      autoPanPaddingBottomRight: L.point(POPUP_CLEAR_BOTTOM_RIGHT)
    };
  }

  /* The first view shows every marker: on a phone the world does not fit at the initial zoom. */
  function fitMarkers(map, markers) {
    if (!markers.length) { return; }
    var bounds = L.latLngBounds(markers.map(function (marker) { return marker.getLatLng(); }));
    if (!map.getBounds().contains(bounds)) {
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 5, animate: false });
    }
  }

  function addPlaces(map, cluster, data, config) {
    var options = popupOptions(map);
    var markers = decodePlaces(data).map(function (place) {
      var people = peopleText(config.labels, place.count);
      var marker = L.marker([place.lat, place.lon], {
        icon: countIcon(place.count, place.id),
        people: place.count,
        title: place.label ? place.label + ": " + people : people,
        keyboard: true
      });
      var content = null;  // built when first opened, then kept (Leaflet asks again on update())
      marker.bindPopup(function () {
        if (content) { return content; }
        content = popupContent(place, config);
        marker.once("popupopen", function () { content.dispatchEvent(new Event("diseasemaps:open")); });
        // Grown by its members: pan again, so that it stays inside the map and clear of the zoom control.
        content.addEventListener("diseasemaps:loaded", function () {
          if (marker.isPopupOpen()) { marker.getPopup().update(); }
        });
        return content;
      }, options);
      return marker;
    });
    fitMarkers(map, markers);
    cluster.addLayers(markers);
  }

  function shade(count, max) {
    if (!count) { return null; }
    var steps = ["#cfe8e2", "#9fd1c6", "#6cb8aa", "#3f9c8e", "#1d7f72", "#0b5d53"];
    var index = Math.min(steps.length - 1, Math.floor((Math.log(count) / Math.log(max + 1)) * steps.length));
    return steps[index];
  }

  var ANTARCTICA = "010";  // nobody lives there, and its ring around the pole draws badly in Web Mercator

  function eachRing(geometry, visit) {
    if (!geometry) { return; }
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (polygon) { polygon.forEach(visit); });
  }

  /* Countries that cross the antimeridian (Russia, Fiji) have rings that jump from 180 to -180
     degrees, which Leaflet would draw as a line across the world: keep each ring continuous. */
  function unwrapRing(ring) {
    for (var i = 1; i < ring.length; i++) {
      var step = ring[i][0] - ring[i - 1][0];
      if (step > 180) { ring[i][0] -= 360; } else if (step < -180) { ring[i][0] += 360; }
    }
  }

  function addCountries(map, topology, data, config) {
    var counts = data.countries || {};
    var max = 1;
    Object.keys(counts).forEach(function (id) { max = Math.max(max, counts[id].count); });
    var shapes = topojson.feature(topology, topology.objects.countries);
    shapes.features = shapes.features.filter(function (feature) { return feature.id !== ANTARCTICA; });
    shapes.features.forEach(function (feature) { eachRing(feature.geometry, unwrapRing); });
    var layer = L.geoJSON(shapes, {
      style: function (feature) {
        var country = counts[feature.id];
        var fill = shade(country ? country.count : 0, max);
        return { color: "#ffffff", weight: 0.6, fillColor: fill || "#e4ece9", fillOpacity: fill ? 0.85 : 1 };
      },
      onEachFeature: function (feature, shape) {
        var country = counts[feature.id];
        if (country) {
          shape.bindTooltip(el("span", null, country.name + ": " + peopleText(config.labels, country.count)), { sticky: true });
        }
      }
    });
    layer.addTo(map);
    layer.bringToBack();
    map.getContainer().setAttribute("data-countries", String(layer.getLayers().length));
  }

  ns.conditionMap = function (options) {
    var map = options.map;
    var config = options.config;
    var container = map.getContainer();
    container.setAttribute("data-ready", "loading");
    var getJSON = function (url) {
      return fetch(url, { credentials: "same-origin", headers: jsonHeaders() }).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
    };
    Promise.all([getJSON(config.dataUrl), getJSON(config.countriesUrl)])
      .then(function (results) {
        addCountries(map, results[1], results[0], config);
        addPlaces(map, options.cluster, results[0], config);
        container.setAttribute("data-total", String(results[0].total));
        container.setAttribute("data-ready", "true");
      })
      .catch(function () {
        var notice = el("p", "map-error", config.labels.mapLoadFailed);
        container.parentNode.insertBefore(notice, container);
        container.setAttribute("data-ready", "error");
      });
  };
})();
