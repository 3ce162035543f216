/* Forms marked data-warn-unsaved: leaving the page with changes not yet saved asks first (the browser's
   own "Leave site?" dialog). Saving the form, or a form with nothing changed, leaves without asking; a
   form the server sent back with errors (data-warn-unsaved="refused") holds unsaved input from the start. */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-warn-unsaved]");
  if (!forms.length) {
    return;
  }

  function snapshot(form) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "file" || field.name === "csrfmiddlewaretoken") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        values.push(field.name + "=" + field.checked);
      } else if (field.tagName === "SELECT" && field.multiple) {
        values.push(field.name + "=" + Array.prototype.map.call(field.selectedOptions, function (o) { return o.value; }).join(","));
      } else {
        values.push(field.name + "=" + field.value);
      }
    });
    return values.join("\u0000");
  }

  var submitting = false;
  var initial = new Map();
  forms.forEach(function (form) {
    initial.set(form, snapshot(form));
    form.addEventListener("submit", function () {
      submitting = true;
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting) {
      return;
    }
    var changed = Array.prototype.some.call(forms, function (form) {
      return form.dataset.warnUnsaved === "refused" || snapshot(form) !== initial.get(form);
    });
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
