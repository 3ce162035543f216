// A picker that lists the council's own institutions or people, plus a search of the whole directory.
// Progressive enhancement: a <select data-directory-search="URL"> works without this script; with it, a
// search box beside the select finds others (3 letters or more) and adds the one chosen as a selected option.
(function () {
  "use strict";

  var MIN_CHARS = 3;

  function enhance(select) {
    var box = document.createElement("div");
    box.className = "directory-picker mt-1";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm";
    input.setAttribute("aria-label", select.dataset.searchLabel || "");
    input.placeholder = select.dataset.searchLabel || "";
    input.autocomplete = "off";
    var results = document.createElement("div");
    results.className = "list-group mt-1";
    results.setAttribute("aria-live", "polite");
    box.appendChild(input);
    box.appendChild(results);
    select.insertAdjacentElement("afterend", box);

    var timer = null;
    var page = 1;

    function choose(result) {
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === String(result.id);
      });
      if (!option) {
        option = new Option(result.label, String(result.id));
        select.add(option);
      }
      option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      results.replaceChildren();
      input.value = "";
    }

    function show(data, append) {
      if (!append) results.replaceChildren();
      var more = results.querySelector("[data-more]");
      if (more) more.remove();
      if (!data.results.length && !append) {
        var empty = document.createElement("div");
        empty.className = "list-group-item small text-body-secondary";
        empty.textContent = select.dataset.searchEmpty || "";
        results.appendChild(empty);
      }
      data.results.forEach(function (result) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "list-group-item list-group-item-action small";
        button.textContent = result.label;
        button.addEventListener("click", function () { choose(result); });
        results.appendChild(button);
      });
      if (data.more) {
        var next = document.createElement("button");
        next.type = "button";
        next.dataset.more = "1";
        next.className = "list-group-item list-group-item-action small fw-semibold";
        next.textContent = select.dataset.searchMore || "…";
        next.addEventListener("click", function () { search(page + 1); });
        results.appendChild(next);
      }
    }

    function search(wanted) {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        results.replaceChildren();
        return;
      }
      var url = new URL(select.dataset.directorySearch, window.location.href);
      url.searchParams.set("q", text);
      url.searchParams.set("pagina", String(wanted));
      if (select.dataset.searchKind === "people") url.searchParams.set("tipo", "personas");
      if (select.dataset.searchKind === "units") url.searchParams.set("tipo", "unidades");
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [], more: false }; })
        .then(function (data) {
          if (input.value.trim() !== text) return; // a newer search is on its way
          page = wanted;
          show(data, wanted > 1);
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { search(1); }, 300);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // searching never submits the form
    });
  }

  document.querySelectorAll("select[data-directory-search]").forEach(enhance);
})();
