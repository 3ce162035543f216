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

/* A form sent by POST is sent once: its submit buttons disable themselves and the one pressed shows that it is
   working, so a double click or a second Enter while the next page loads sends nothing more (the server also
   creates once, whatever arrives: core/submissions.py). Back on the page from the browser's history, the
   buttons work again. */
(function () {
  "use strict";

  var WORKING = "data-sending";

  function submitButtons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  function showWorking(form, submitter) {
    Array.prototype.forEach.call(submitButtons(form), function (button) {
      if (!button.disabled) {
        button.disabled = true;
        button.setAttribute(WORKING, "");
      }
    });
    if (submitter && submitter.tagName === "BUTTON") {
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-1 sending-indicator";
      spinner.setAttribute("aria-hidden", "true");
      submitter.prepend(spinner);
      var label = document.body.dataset.sendingLabel;
      if (label) {
        var said = document.createElement("span");
        said.className = "visually-hidden sending-indicator";
        said.textContent = " " + label;
        submitter.append(said);
      }
    }
  }

  function reset(form) {
    form.removeAttribute(WORKING);
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[" + WORKING + "]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute(WORKING);
    });
    form.querySelectorAll(".sending-indicator").forEach(function (indicator) {
      indicator.remove();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" || form.target) {
      return;
    }
    if (form.hasAttribute(WORKING)) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) {
      return;  // another script (htmx) sends it its own way
    }
    form.setAttribute(WORKING, "");
    form.setAttribute("aria-busy", "true");
    var submitter = event.submitter;
    // Disabled after this event: the browser has read the form's data (the pressed button's name and value too).
    window.setTimeout(function () {
      showWorking(form, submitter);
    }, 0);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[" + WORKING + "]").forEach(reset);
    }
  });
})();

/* A document that is generated on request (a PDF, the ZIP of a session, a CSV export) shows that it is being
   prepared: the link gets a spinner and aria-busy until the file starts to arrive. The link asks for it with a one-time
   "descarga" token; the server answers the file with a cookie named after the token (core/downloads.py),
   which tells this page that the wait is over. */
(function () {
  "use strict";

  var SELECTOR = "a[href$='.pdf'], a[href*='.pdf?'], a[href$='.zip'], a[href*='.zip?'], a[href$='.csv'], " +
    "a[href*='.csv?'], a[data-download]";
  var PREFIX = "descarga_";

  function cookie(name) {
    return document.cookie.split("; ").some(function (pair) {
      return pair.indexOf(name + "=") === 0;
    });
  }

  function forget(name) {
    document.cookie = name + "=; Max-Age=0; path=/; SameSite=Lax";
  }

  function done(link) {
    link.removeAttribute("aria-busy");
    link.classList.remove("disabled");
    link.querySelectorAll(".download-indicator").forEach(function (indicator) {
      indicator.remove();
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(SELECTOR);
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    if (link.getAttribute("aria-busy") === "true") {
      event.preventDefault();  // already on its way
      return;
    }
    var token = Math.random().toString(36).slice(2, 12);
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) {
      return;
    }
    url.searchParams.set("descarga", token);
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1 download-indicator";
    spinner.setAttribute("aria-hidden", "true");
    link.prepend(spinner);
    var label = document.body.dataset.preparingLabel;
    if (label) {
      var said = document.createElement("span");
      said.className = "visually-hidden download-indicator";
      said.setAttribute("role", "status");
      said.textContent = " " + label;
      link.append(said);
    }
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (cookie(PREFIX + token) || Date.now() - started > 120000) {
        window.clearInterval(timer);
        forget(PREFIX + token);
        done(link);
      }
    }, 200);
    window.location.assign(url.toString());
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll(SELECTOR).forEach(done);
  });
})();
