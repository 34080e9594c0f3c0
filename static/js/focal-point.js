/* The image form's focal point: a click on the picture sets the two number fields, and
   a marker shows where the point is. Without JavaScript the fields are typed in. */
(function () {
  "use strict";

  function field(axis) {
    return document.querySelector('input[data-focal-axis="' + axis + '"]');
  }

  function place(marker, x, y) {
    marker.style.left = (x * 100) + "%";
    marker.style.top = (y * 100) + "%";
    marker.hidden = false;
  }

  function round(value) {
    return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
  }

  function setUp(box) {
    var picture = box.querySelector("img");
    var marker = box.querySelector("[data-focal-marker]");
    var xInput = field("x");
    var yInput = field("y");
    if (!picture || !marker || !xInput || !yInput) {
      return;
    }
    function show() {
      var x = parseFloat(xInput.value);
      var y = parseFloat(yInput.value);
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1) {
        place(marker, x, y);
      } else {
        marker.hidden = true;
      }
    }
    box.classList.add("focal-point-active");
    picture.addEventListener("click", function (event) {
      var area = picture.getBoundingClientRect();
      xInput.value = round((event.clientX - area.left) / area.width);
      yInput.value = round((event.clientY - area.top) / area.height);
      show();
    });
    xInput.addEventListener("input", show);
    yInput.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-focal-point]"), setUp);
  });
})();
