/* The reporting workbench.
   - Warns while a figure is typed when the year's approved total with it would exceed the
     annual plan (the server says so again after saving).
   - Posts a card's form (保存, 提交, a photo's 删除) itself and puts the answer in place of
     the card: the page does not reload nor jump; the card shows what was done and the next
     project to file, the status chips their new counts. A refused figure comes back on its
     card with the errors, and focus moves to the first one.
   - "Next to file" scrolls to that card when this page shows it. */
(function () {
  "use strict";
  function check(input) {
    var warning = document.getElementById(input.getAttribute("aria-describedby").split(" ")[0]);
    var plan = parseFloat(input.dataset.plan);
    var ytd = parseFloat(input.dataset.ytd) || 0;
    var value = parseFloat(input.value);
    if (!warning) return;
    warning.hidden = isNaN(plan) || isNaN(value) || ytd + value <= plan;
  }

  function firstError(card) {
    return card.querySelector("[aria-invalid=true], .errorlist");
  }

  function focusCard(card) {
    var error = firstError(card);
    if (error) {
      var field = card.querySelector("[aria-invalid=true]") || card.querySelector("input[type=number]");
      (field || error).focus({ preventScroll: false });
      return;
    }
    var notes = card.querySelector(".card-notes");
    if (notes) {
      notes.setAttribute("tabindex", "-1");
      notes.focus({ preventScroll: true });
    }
  }

  function place(html, oldCard) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var card = holder.content.querySelector(".filing-card");
    var chips = holder.content.querySelector("#filing-counts");
    var oldChips = document.getElementById("filing-counts");
    if (chips && oldChips) oldChips.replaceWith(chips);
    if (!card) return null;
    var top = oldCard.getBoundingClientRect().top;
    oldCard.replaceWith(card);
    // Keep the card where it was on the screen, whatever its new height.
    window.scrollBy(0, card.getBoundingClientRect().top - top);
    card.querySelectorAll("input[data-plan]").forEach(check);
    return card;
  }

  function post(form, submitter) {
    var card = form.closest(".filing-card");
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    card.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    // getAttribute: the buttons named "action" shadow form.action.
    var url = new URL(form.getAttribute("action") || "", window.location.href);
    url.hash = "";
    return fetch(url.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "workbench" },
    }).then(function (response) {
      var html = response.headers.get("Content-Type").indexOf("text/html") === 0;
      if (!html) throw new Error(response.status);
      return response.text().then(function (text) {
        var placed = place(text, card);
        if (!placed) throw new Error(response.status);
        focusCard(placed);
      });
    }).catch(function () {
      form.submit();  // the plain post: the page says what happened
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-plan]")) check(event.target);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest || !form.closest(".filing-card") || !window.fetch) return;
    event.preventDefault();
    post(form, event.submitter);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-card]");
    if (!link) return;
    var card = document.getElementById(link.dataset.card);
    if (!card) return;
    event.preventDefault();
    card.scrollIntoView({ block: "start" });
    var input = card.querySelector("input[type=number]");
    (input || card).focus({ preventScroll: true });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-plan]").forEach(check);
    // After a plain post that was refused, focus the first error.
    var invalid = document.querySelector(".filing-card [aria-invalid=true]");
    if (invalid) invalid.focus();
  });
})();
