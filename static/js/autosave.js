/* Autosave on the article form: its fields are kept on the server every few seconds and
   when the page is left; a copy kept earlier is offered back (what differs, when), to
   restore or discard. Without this script the form works as before. */
(function () {
  "use strict";

  var EVERY = 5000;
  var root = document.getElementById("autosave");
  var form = document.getElementById("article_form");
  if (!root || !form || !window.fetch || !window.JSON) {
    return;
  }
  var tokenInput = form.querySelector("[name=csrfmiddlewaretoken]");
  var status = root.querySelector(".autosave-status");
  var skipped = { submit: 1, button: 1, reset: 1, image: 1, file: 1 };
  var submitting = false;

  function kept(element) {
    var name = element.name;
    return name && name !== "csrfmiddlewaretoken" && name.indexOf("__prefix__") < 0 &&
      !skipped[element.type];
  }

  /* [[name, [values], [labels]], ...] in form order, as the browser would post them. */
  function collect() {
    var byName = {}, order = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) {
        return;
      }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
        return;
      }
      var entry = byName[element.name];
      if (!entry) {
        entry = byName[element.name] = [element.name, [], []];
        order.push(entry);
      }
      if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          if (option.selected) {
            entry[1].push(option.value);
            entry[2].push(option.text);
          }
        });
      } else {
        entry[1].push(element.value);
      }
    });
    return order;
  }

  var last = JSON.stringify(collect());

  function keep(leaving) {
    if (submitting) {
      return;
    }
    var now = JSON.stringify(collect());
    if (now === last) {
      return;
    }
    last = now;
    fetch(root.dataset.url, {
      method: "POST",
      body: now,
      credentials: "same-origin",
      keepalive: leaving === true && now.length < 60000,
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenInput.value }
    }).then(function (response) {
      /* Kept only when the server answers its JSON; a sign-in page (the session ended) or
         an error is not kept, and the next round tries again. */
      var json = /json/.test(response.headers.get("Content-Type") || "");
      if (response.ok && json) {
        if (status) {
          status.textContent = "Unsaved changes kept at " + new Date().toLocaleTimeString() + ".";
        }
        return;
      }
      failed(json ? response.json() : null);
    }).catch(function () { failed(null); });
  }

  function failed(answer) {
    last = "";
    Promise.resolve(answer).catch(function () { return null; }).then(function (data) {
      if (status) {
        status.textContent = "Unsaved changes not kept: " + ((data && data.error) ||
          "the server did not take them (has your session ended?)") +
          " Keep this page open; saving the form still keeps your text.";
      }
    });
  }

  form.addEventListener("submit", function () { submitting = true; });
  window.setInterval(keep, EVERY);
  window.addEventListener("pagehide", function () { keep(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      keep(true);
    }
  });

  /* The offer of a copy kept earlier. */
  var data = document.getElementById("autosave-data");
  var offer = root.querySelector(".autosave-offer");
  if (!data || !offer) {
    return;
  }
  var saved = JSON.parse(data.textContent);

  function labelFor(name) {
    var element = form.elements[name];
    var id = element && element.id;
    var label = id ? form.querySelector('label[for="' + id + '"]') : null;
    var text = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    var row = /^(\w+)-(\d+)-(\w+)$/.exec(name);
    if (row) {
      return row[1] + " row " + (Number(row[2]) + 1) + ": " + (text || row[3]);
    }
    return text || name;
  }

  function differences() {
    var current = {};
    collect().forEach(function (entry) { current[entry[0]] = entry[1].join("\n"); });
    var names = {};
    saved.forEach(function (entry) {
      if (entry[0].charAt(0) === "_" || /-(INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(entry[0])) {
        return;
      }
      if ((current[entry[0]] || "") !== entry[1].join("\n")) {
        names[entry[0]] = 1;
      }
      delete current[entry[0]];
    });
    Object.keys(current).forEach(function (name) {
      if (current[name] && form.elements[name] && form.elements[name].type === "checkbox") {
        names[name] = 1;
      }
    });
    return Object.keys(names).filter(function (name) { return name !== "version"; });
  }

  function addRows(prefix, wanted) {
    var total = form.elements[prefix + "-TOTAL_FORMS"];
    var group = document.getElementById(prefix + "-group");
    var adder = group ? group.querySelector(".add-row a") : null;
    var guard = 100;
    while (total && adder && Number(total.value) < wanted && guard--) {
      adder.click();
    }
  }

  function setField(name, values, labels) {
    var elements = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
    Array.prototype.forEach.call(elements, function (element) {
      if (element.tagName === "SELECT") {
        values.forEach(function (value, index) {
          var exists = Array.prototype.some.call(element.options, function (option) {
            return option.value === value;
          });
          if (!exists) {
            element.add(new Option(labels[index] || value, value));
          }
        });
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) >= 0;
        });
        if (window.django && window.django.jQuery) {
          window.django.jQuery(element).trigger("change");
        }
      } else if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) >= 0;
      } else if (!element.readOnly) {
        element.value = values[0] || "";
        element.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  function restore() {
    saved.forEach(function (entry) {
      var match = /^(.+)-TOTAL_FORMS$/.exec(entry[0]);
      if (match) {
        addRows(match[1], Number(entry[1][0]));
      }
    });
    var present = {};
    saved.forEach(function (entry) {
      present[entry[0]] = 1;
      if (!/_FORMS$/.test(entry[0]) && entry[0] !== "version" && entry[0].charAt(0) !== "_") {
        setField(entry[0], entry[1], entry[2] || []);
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (kept(box) && !present[box.name]) {
        box.checked = false;
      }
    });
    offer.hidden = true;
    if (status) {
      status.textContent = "Restored the unsaved changes. Save the article to keep them.";
    }
  }

  var differing = differences();
  if (!differing.length) {
    offer.hidden = true;
    return;
  }
  offer.hidden = false;
  var list = offer.querySelector(".autosave-fields");
  list.textContent = differing.map(labelFor).join(", ");
  list.parentNode.hidden = false;
  var button = offer.querySelector(".autosave-restore");
  button.hidden = false;
  button.addEventListener("click", restore);
})();
