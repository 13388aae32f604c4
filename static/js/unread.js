// The header's unread badge: asks the server how many messages wait, once a page.
(function () {
  "use strict";
  var link = document.querySelector("[data-unread-url]");
  if (!link || !window.fetch) return;
  var badge = link.querySelector("[data-unread-badge]");
  fetch(link.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { unread: 0 }; })
    .then(function (data) {
      if (!data.unread) return;
      badge.textContent = String(data.unread);
      badge.hidden = false;
      link.setAttribute("aria-label", link.getAttribute("data-unread-label").replace("{count}", data.unread));
    })
    .catch(function () { /* the badge is a convenience; the inbox has the counts */ });
})();
