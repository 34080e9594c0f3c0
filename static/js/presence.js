/* Who else is here: reports every few seconds that this article's form is open, shows who
   else has it open, and says goodbye when the page is left. */
(function () {
  "use strict";

  var EVERY = 5000;
  var root = document.getElementById("presence");
  if (!root || !window.fetch || !window.FormData) {
    return;
  }
  var list = root.querySelector(".presence-list");

  function token() {
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? match[1] : "";
  }

  function show(names, error) {
    var text = error || (names.length ?
      "Also on this article now: " + names.join(", ") + "." :
      "Nobody else has this article open.");
    if (list.textContent !== text) {
      list.textContent = text;
    }
    root.classList.toggle("presence-others", names.length > 0);
  }

  function send(leaving) {
    var body = new FormData();
    if (leaving) {
      body.append("leaving", "1");
    }
    return fetch(root.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: leaving,
      headers: { "X-CSRFToken": token() }
    });
  }

  function poll() {
    send(false).then(function (response) {
      var json = /json/.test(response.headers.get("Content-Type") || "");
      return json ? response.json() : null;
    }).then(function (data) {
      /* {"others": [...]}, or {"others": [], "error": "..."} when the server cannot tell. */
      if (data && data.others) {
        show(data.others, data.error);
      }
    }).catch(function () {});
  }

  window.setInterval(poll, EVERY);
  window.addEventListener("pagehide", function () { send(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
    }
  });
})();
