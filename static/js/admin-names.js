/* Names the select2 boxes of the admin's autocomplete fields for assistive technology.
   select2 labels a box by its chosen value only; this puts the field's name first. */
(function () {
  "use strict";

  function fieldName(select) {
    var named = select.getAttribute("aria-label");
    if (named) {
      return named;
    }
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameBox(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    var box = container.querySelector(".select2-selection");
    var name = fieldName(select);
    // A multiple select's typing box is drawn anew as choices change: name it each time.
    var search = container.querySelector(".select2-search__field");
    if (search && name && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", name);
    }
    if (!box || !name || box.hasAttribute("data-field-named")) {
      return;
    }
    var nameHolder = document.createElement("span");
    nameHolder.id = select.id + "-field-name";
    nameHolder.hidden = true;
    nameHolder.textContent = name;
    container.appendChild(nameHolder);
    var labelledBy = box.getAttribute("aria-labelledby") || "";
    box.setAttribute("aria-labelledby", (nameHolder.id + " " + labelledBy).trim());
    box.setAttribute("data-field-named", "");
    // The chosen-value text inside the box is itself announced as a read-only field.
    var rendered = box.querySelector(".select2-selection__rendered");
    if (rendered) {
      rendered.setAttribute("aria-labelledby", nameHolder.id);
    }
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameBox);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
