/* Length counters on the article form: "42 of 70 characters" under each field that
   carries data-count-limit, marked when past the limit. The help text says the limit
   without this script. */
(function () {
  "use strict";

  function counter(field) {
    var limit = Number(field.getAttribute("data-count-limit"));
    var note = document.createElement("div");
    note.className = "help char-count";
    note.id = field.id + "-count";
    // Under the field's row, aligned with its help text.
    (field.closest(".flex-container") || field).insertAdjacentElement("afterend", note);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", ((described || "") + " " + note.id).trim());

    function update() {
      var length = Array.from ? Array.from(field.value).length : field.value.length;
      var over = length > limit;
      note.textContent = length + " of " + limit + " characters" +
        (over ? ": " + (length - limit) + " past what is shown in full" : "");
      note.classList.toggle("char-count-over", over);
    }
    field.addEventListener("input", update);
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-count-limit]"), counter);
})();
