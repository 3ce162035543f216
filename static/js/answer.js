/* The answer form: the suplente's fields show only while "Envía suplente" is chosen, so "Confirmo" or "No asistiré"
   leave a short form (on a phone, nothing to scroll past). Without JavaScript every field stays visible; a form
   sent back with errors in those fields keeps them open. */
(function () {
  "use strict";

  document.querySelectorAll("form").forEach(function (form) {
    var fieldset = form.querySelector("fieldset[data-when-answer]");
    var choices = form.querySelectorAll("input[type=radio][name=answer]");
    if (!fieldset || !choices.length) {
      return;
    }
    var wanted = fieldset.getAttribute("data-when-answer");

    function update() {
      var chosen = form.querySelector("input[type=radio][name=answer]:checked");
      var show = (chosen && chosen.value === wanted) || fieldset.querySelector(".is-invalid") !== null;
      fieldset.hidden = !show;
    }

    choices.forEach(function (choice) {
      choice.addEventListener("change", update);
    });
    update();
  });
})();
