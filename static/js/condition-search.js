/* Search as you type, in the header and on the home page: GOV.UK's accessible-autocomplete over
   /api/conditions/?q=. Picking a suggestion opens its condition; Enter without one submits the
   form to the search results page, as the form does without JavaScript. */
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function describe(condition, data) {
    var code = condition.orpha_code ? " · ORPHA:" + condition.orpha_code : (condition.omim_code ? " · OMIM:" + condition.omim_code : "");
    var people = data.people.replace("{n}", String(condition.people));
    return "<span class=\"suggestion__name\">" + escapeHtml(condition.name) + "</span>" +
      "<span class=\"suggestion__meta\">" + escapeHtml(people + code) + "</span>";
  }

  function enhance(form) {
    var data = form.dataset;
    var input = form.querySelector("input[name=q]");
    var mount = document.createElement("div");
    mount.className = "condition-search__autocomplete";
    input.parentNode.replaceChild(mount, input);
    var latest = 0;
    var slowedDown = false;  // the last search was refused (429): say so rather than "no condition"

    window.accessibleAutocomplete({
      element: mount,
      id: input.id,
      name: "q",
      placeholder: input.placeholder,
      defaultValue: input.value,
      minLength: 2,
      displayMenu: "overlay",
      confirmOnBlur: false,
      showNoOptionsFound: true,
      tNoResults: function () { return slowedDown ? data.tooMany : data.noResults; },
      source: function (query, populate) {
        var ticket = ++latest;
        fetch(data.apiUrl + "?page_size=8&q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "en" }
        })
          .then(function (response) {
            slowedDown = response.status === 429;
            return response.ok ? response.json() : { results: [] };
          })
          .catch(function () { return { results: [] }; })
          .then(function (body) { if (ticket === latest) { populate(body.results || []); } });
      },
      templates: {
        inputValue: function (condition) { return condition ? condition.name : ""; },
        suggestion: function (condition) {
          return typeof condition === "string" ? escapeHtml(condition) : describe(condition, data);
        }
      },
      onConfirm: function (condition) {
        if (condition && condition.url) { window.location.assign(condition.url); }
      }
    });
    var enhanced = document.getElementById(input.id);
    enhanced.setAttribute("maxlength", input.getAttribute("maxlength") || "100");
    enhanced.setAttribute("type", "search");
    // The autocomplete keeps Enter while its menu is open: with no suggestion chosen, it searches.
    enhanced.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !form.querySelector(".autocomplete__option--focused") && enhanced.value.trim()) {
        event.preventDefault();
        form.submit();
      }
    }, true);
    form.setAttribute("data-ready", "true");
  }

  function start() {
    if (!window.accessibleAutocomplete) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-condition-search]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
