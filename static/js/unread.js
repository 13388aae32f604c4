// The header's badges: how many messages and connection requests wait, asked once a page.
// Each badge shows the total; words for screen readers follow it, so that a link's name still
// starts with its visible text ("Messages 3 …").
(function () {
  "use strict";
  var link = document.querySelector("[data-unread-url]");
  if (!link || !window.fetch) return;

  function fill(badge, counts) {
    var parts = [];
    if (counts.unread) parts.push(badge.getAttribute("data-messages-label").replace("{count}", counts.unread));
    if (counts.requests) parts.push(badge.getAttribute("data-requests-label").replace("{count}", counts.requests));
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = " (" + parts.join(", ") + ")";
    badge.textContent = String(counts.unread + counts.requests);
    badge.appendChild(words);
    badge.hidden = false;
  }

  fetch(link.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (data) {
      var counts = { unread: data.unread || 0, requests: data.requests || 0 };
      if (!counts.unread && !counts.requests) return;
      Array.prototype.forEach.call(document.querySelectorAll("[data-unread-badge]"), function (badge) {
        fill(badge, counts);
      });
    })
    .catch(function () { /* the badge is a convenience; the inbox and connections pages have the counts */ });
})();
