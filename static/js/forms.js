/* A form sent back with errors: focus moves to the first field in error (Django marks it
   aria-invalid="true"; the admin marks its row .errors), so a keyboard or screen-reader
   user lands where the correction is, not at the top of the page. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (document.activeElement && document.activeElement !== document.body) return;
    var field = document.querySelector(
      "form [aria-invalid=true], form .errors input:not([type=hidden]), form .errors select, form .errors textarea"
    );
    if (field) field.focus();
  });
})();
