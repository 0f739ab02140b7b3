/* The reporting workbench: warn while a figure is typed when the year's approved total with
   it would exceed the annual plan (the server says so again after saving). */
(function () {
  "use strict";
  function check(input) {
    var warning = document.getElementById(input.getAttribute("aria-describedby"));
    var plan = parseFloat(input.dataset.plan);
    var ytd = parseFloat(input.dataset.ytd) || 0;
    var value = parseFloat(input.value);
    if (!warning) return;
    warning.hidden = isNaN(plan) || isNaN(value) || ytd + value <= plan;
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-plan]")) check(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-plan]").forEach(check);
  });
})();
