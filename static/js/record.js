// Recording a held session: choosing a person not registered opens the fields for their data; choosing the body
// (the plenary or a working group) or the date asks the page again for the seats they convene, valid on that date.
(() => {
  const NEW_PERSON = new Set(["nuevo-suplente", "otra"]);
  document.addEventListener("DOMContentLoaded", () => {
    const seats = document.querySelector("[data-record-seats]");
    if (!seats) return;
    seats.addEventListener("change", (event) => {
      const select = event.target.closest("[data-record-who]");
      if (!select) return;
      const details = select.closest("td").querySelector("[data-record-new-person]");
      if (details && NEW_PERSON.has(select.value)) details.open = true;
    });
    const body = document.getElementById("id_working_group");
    const date = document.getElementById("id_date");
    let asked = 0; // only the answer to the latest question fills the table (an earlier one may arrive later)
    const refresh = async () => {
      const mine = ++asked;
      const query = new URLSearchParams();
      if (body && body.value) query.set("working_group", body.value);
      if (date && date.value) query.set("date", date.value);
      const response = await fetch(`${window.location.pathname}?${query}`, { credentials: "same-origin" });
      if (!response.ok || mine !== asked) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      if (mine !== asked) return;
      const fresh = page.querySelector("[data-record-seats]");
      if (!fresh) return;
      const names = (root) => [...root.querySelectorAll("[name]")].map((field) => field.name).join(" ");
      if (names(fresh) === names(seats)) return; // the same seats: keep the table as it is
      // What was already chosen or typed for a seat still listed stays (read now, after the request).
      const typed = new Map([...seats.querySelectorAll("[name]")].map((field) => [field.name, field.value]));
      seats.innerHTML = fresh.innerHTML;
      seats.querySelectorAll("[name]").forEach((field) => {
        if (typed.has(field.name)) field.value = typed.get(field.name);
        if (field.matches("[data-record-who]") && NEW_PERSON.has(field.value)) {
          field.closest("td").querySelector("[data-record-new-person]").open = true;
        }
      });
    };
    [body, date].forEach((field) => field && field.addEventListener("change", refresh));
  });
})();
