/* Orden del día editor: drag and drop with SortableJS, saved with htmx; keeps keyboard focus after a move. */
(function () {
  "use strict";

  function initSortable(root) {
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) {
        return;
      }
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        handle: ".drag-handle",
        animation: 150,
        ghostClass: "sortable-ghost",
        onEnd: function (event) {
          if (event.oldIndex !== event.newIndex) {
            htmx.trigger(list.closest("form"), "agenda-reordered");
          }
        },
      });
    });
  }

  // The up/down buttons are replaced when the list is swapped: give focus back to the same
  // button (or its partner when it became disabled at either end) so keyboard users keep their place.
  var focusKey = null;
  document.body.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusKey = active && active.dataset ? active.dataset.focusKey || null : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!focusKey) {
      return;
    }
    var parts = focusKey.split("-");
    var partner = parts[0] + "-" + (parts[1] === "up" ? "down" : "up");
    var candidates = [focusKey, partner].map(function (key) {
      return document.querySelector('[data-focus-key="' + key + '"]');
    });
    var target = candidates.find(function (button) {
      return button && !button.disabled;
    });
    if (target) {
      target.focus();
    }
    focusKey = null;
  });

  htmx.onLoad(initSortable);
})();
