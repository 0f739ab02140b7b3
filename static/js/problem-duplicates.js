/* A new problem in the admin: once its enterprise and category are chosen, the enterprise's
   open problems of that category (the API's problem list, scoped to the official) are listed
   under the enterprise, each with its tracking code, title, status, day raised and a link;
   choosing one fills "Duplicate of" (enterprises.admin.ProblemAddForm). Served as a file:
   the admin's content security policy allows no inline script. */
(function () {
  "use strict";

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function enterpriseCode(select) {
    // The search box's choice carries the enterprise's credit code (core.admin.site).
    var jq = window.django && window.django.jQuery;
    if (jq && jq.fn.select2 && jq(select).data("select2")) {
      var data = jq(select).select2("data");
      if (data && data.length && data[0].code) return data[0].code;
    }
    var option = select.options[select.selectedIndex];
    return (option && option.getAttribute("data-code")) || "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("id_duplicate_code");
    var enterprise = document.getElementById("id_enterprise");
    var category = document.getElementById("id_category");
    if (!input || !input.getAttribute("data-api") || !enterprise || !category) return;
    var row = enterprise.closest(".form-row") || enterprise.parentNode;
    var box = document.createElement("fieldset");
    box.className = "problem-duplicates";
    box.id = "problem-duplicates";
    box.hidden = true;
    box.setAttribute("aria-live", "polite");
    row.parentNode.insertBefore(box, row.nextSibling);
    var asked = 0;

    function choice(value, label, checked) {
      var item = document.createElement("label");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "duplicate_choice";
      radio.value = value;
      radio.checked = checked;
      radio.addEventListener("change", function () {
        if (radio.checked) input.value = value;
      });
      item.appendChild(radio);
      item.appendChild(document.createTextNode(" " + label));
      return item;
    }

    function show(rows) {
      box.textContent = "";
      box.appendChild(text("legend", input.getAttribute("data-heading")));
      if (!rows.length) {
        box.appendChild(text("p", input.getAttribute("data-empty")));
        return;
      }
      var list = document.createElement("ul");
      rows.forEach(function (problem) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href =
          input.getAttribute("data-changelist") +
          "?tracking_code=" +
          encodeURIComponent(problem.tracking_code);
        link.textContent = problem.tracking_code;
        item.appendChild(link);
        item.appendChild(
          document.createTextNode(
            " " + problem.title + " · " + problem.status_label + " · " + problem.raised_on + " "
          )
        );
        item.appendChild(
          choice(
            problem.tracking_code,
            input.getAttribute("data-choose"),
            input.value.trim().toUpperCase() === problem.tracking_code
          )
        );
        list.appendChild(item);
      });
      var none = document.createElement("li");
      none.appendChild(choice("", input.getAttribute("data-none"), !input.value.trim()));
      list.appendChild(none);
      box.appendChild(list);
    }

    function refresh() {
      var code = enterpriseCode(enterprise);
      var chosen = category.value;
      var ask = ++asked;
      if (!code || !chosen) {
        box.hidden = true;
        box.textContent = "";
        return;
      }
      var url =
        input.getAttribute("data-api") +
        "?" +
        new URLSearchParams({
          enterprise: code,
          category: chosen,
          open: "true",
          ordering: "raised_on",
          page_size: "100",
        }).toString();
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (body) {
          if (ask !== asked) return; // a later choice answered first
          // A duplicate follows its original: only originals are offered.
          var rows = (body.results || []).filter(function (problem) {
            return !problem.duplicate_of;
          });
          box.hidden = false;
          show(rows);
        });
    }

    var jq = window.django && window.django.jQuery;
    if (jq) {
      // select2 announces a choice through jQuery, which native listeners do not hear.
      jq(enterprise).on("change", refresh);
    } else {
      enterprise.addEventListener("change", refresh);
    }
    category.addEventListener("change", refresh);
    refresh();
  });
})();
