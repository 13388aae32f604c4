/* The place picker: GOV.UK's accessible-autocomplete over /api/places/.
   Only the chosen place's id is submitted; the typed text never is. Without JavaScript the
   server-rendered country-then-city lists stay. */
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function enhance(container) {
    var data = container.dataset;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = data.name;
    hidden.value = data.value || "";
    var fallback = container.querySelector(".place-picker__fallback");
    var mount = document.createElement("div");
    mount.className = "place-picker__autocomplete";
    container.replaceChild(mount, fallback);
    container.appendChild(hidden);
    var latest = 0;

    window.accessibleAutocomplete({
      element: mount,
      id: data.inputId,
      name: "",
      defaultValue: data.selectedLabel || "",
      minLength: 2,
      showNoOptionsFound: true,
      tNoResults: function () { return data.noResults; },
      source: function (query, populate) {
        var ticket = ++latest;
        fetch(data.apiUrl + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "en" }
        })
          .then(function (response) { return response.ok ? response.json() : []; })
          .catch(function () { return []; })
          .then(function (places) { if (ticket === latest) { populate(places); } });
      },
      templates: {
        inputValue: function (place) { return place ? place.label : ""; },
        suggestion: function (place) { return typeof place === "string" ? escapeHtml(place) : escapeHtml(place.label); }
      },
      onConfirm: function (place) {
        if (place) { hidden.value = place.id; }
      }
    });
    var input = document.getElementById(data.inputId);
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () { hidden.value = ""; });
    container.classList.add("place-picker--enhanced");
    container.setAttribute("data-ready", "true");
  }

  function start() {
    if (!window.accessibleAutocomplete) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-place-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
