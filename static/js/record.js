// Recording a held session: choosing a person not registered opens the fields for their data.
(() => {
  const NEW_PERSON = new Set(["nuevo-suplente", "otra"]);
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-record-who]").forEach((select) => {
      select.addEventListener("change", () => {
        const details = select.closest("td").querySelector("[data-record-new-person]");
        if (details && NEW_PERSON.has(select.value)) details.open = true;
      });
    });
  });
})();
