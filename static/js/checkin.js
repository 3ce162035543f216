// The attendance register on a tablet: the search box filters the institutions as one types (accents ignored).
(() => {
  const fold = (text) => (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function filter() {
    const box = document.querySelector("[data-checkin-search]");
    if (!box) return;
    const query = fold(box.value.trim());
    let shown = 0;
    document.querySelectorAll("[data-checkin-row]").forEach((row) => {
      const hit = !query || fold(row.dataset.search).includes(query);
      row.hidden = !hit;
      if (hit) shown += 1;
    });
    const none = document.querySelector("[data-checkin-none]");
    if (none) none.hidden = shown > 0;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector("[data-checkin-search]");
    if (!box) return;
    box.addEventListener("input", filter);
    // A row swapped in after a tap keeps following the search.
    document.body.addEventListener("htmx:afterSettle", filter);
  });
})();

// A tap on its way shows it: the pressed button says it is working (aria-busy, a spinner) until htmx swaps the row.
(() => {
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    const button = form && form.querySelector && form.querySelector("button[type=submit], button:not([type])");
    if (button) button.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (form && form.querySelectorAll) form.querySelectorAll("[aria-busy]").forEach((b) => b.removeAttribute("aria-busy"));
  });
})();
