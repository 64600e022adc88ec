// Cash application screen: keeps the "Unapplied" figure in step with what is typed.
(function () {
  "use strict";
  function cents(text) {
    var value = parseFloat(String(text || "").replace(/,/g, ""));
    return isNaN(value) ? 0 : Math.round(value * 100);
  }
  function paying() {
    var translated = document.getElementById("id_translated_amount");
    var amount = document.getElementById("id_amount");
    if (translated && translated.value) return cents(translated.value);
    if (amount) return cents(amount.value);
    var shown = document.getElementById("unapplied");
    return shown ? cents(shown.dataset.amount) : 0;
  }
  function refresh() {
    var shown = document.getElementById("unapplied");
    if (!shown) return;
    var applied = 0;
    document.querySelectorAll("input.apply").forEach(function (input) {
      applied += cents(input.value);
    });
    var left = paying() - applied;
    shown.textContent = (left / 100).toFixed(2);
    shown.style.color = left < 0 ? "var(--error-fg)" : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.apply, #id_amount, #id_translated_amount").forEach(function (input) {
      input.addEventListener("input", refresh);
    });
    document.querySelectorAll("button.pay-all").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = button.parentElement.querySelector("input.apply");
        var left = cents(document.getElementById("unapplied").textContent) + cents(input.value);
        input.value = (Math.min(cents(button.dataset.due), Math.max(left, 0)) / 100).toFixed(2);
        refresh();
      });
    });
    refresh();
  });
})();
