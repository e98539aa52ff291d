/* Consortium Portal: small progressive enhancements; every page works without them. */
document.documentElement.classList.add("js");

/* Buttons with data-confirm ask first (withdraw, revoke, removing a partner who accepted).
   Confirmed, they post a hidden "confirmed" field (or the name in data-confirm-name), so the
   server skips its own confirmation page, which is what users without JavaScript get. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (!button) return;
  if (!window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  const form = button.form || document.querySelector("#wizard-form");
  const name = button.dataset.confirmName || "confirmed";
  if (form && !form.querySelector(`input[type=hidden][name="${name}"]`)) {
    const field = document.createElement("input");
    Object.assign(field, { type: "hidden", name: name, value: "1" });
    form.append(field);
  }
}, true);

/* Partner rows: "Remove" hides the row and ticks its DELETE box, which the formset reads on
   save; the change event refreshes the eligibility panel. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-row]");
  if (!button) return;
  const row = button.closest(".partner-row");
  const box = row.querySelector("input[name$='-DELETE']");
  box.checked = true;
  row.classList.add("partner-row-removed");
  box.dispatchEvent(new Event("change", { bubbles: true }));
  const next = document.querySelector("#partner-search-input");
  if (next) next.focus();
});

/* A form marked data-submit-once is sent once: a double click does not send it twice (the
   server copes either way, but the second answer would be the one shown). */
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("[data-submit-once]")) return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submitting]").forEach((form) => {
    delete form.dataset.submitting;
  });
});

/* Enter in a search box searches (htmx listens to "search"); it must not save the step. */
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("input[type=search]")) {
    event.preventDefault();
    event.target.dispatchEvent(new Event("search", { bubbles: true }));
  }
});

/* "Copy" buttons copy the value of the field they name, then say so in the words the page gives
   them (data-copied, data-copy-failed: JavaScript holds no text of its own to translate). */
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copied || "Copied";
  } catch {
    button.textContent = button.dataset.copyFailed || "Press Ctrl+C";
  }
});

/* Sector suggestions (the wizard's project step): htmx fills #sector-suggestions as the person
   types. The arrow keys move through the options, Enter or a click picks one, Escape closes
   the list. Picking fills the box with "code: name" and fires "change", so the eligibility
   panel checks again. The browser's <datalist> is the list without JavaScript; here it would
   be a second list, so it goes. */
for (const box of document.querySelectorAll("[data-sector-input]")) box.removeAttribute("list");

function sectorOptions() {
  return [...document.querySelectorAll("#sector-listbox [role=option]")];
}

function closeSectorList(box) {
  document.querySelector("#sector-suggestions").replaceChildren();
  box.setAttribute("aria-expanded", "false");
  box.removeAttribute("aria-activedescendant");
}

function pickSector(box, option) {
  box.value = option.dataset.value;
  closeSectorList(box);
  box.dispatchEvent(new Event("change", { bubbles: true }));
}

function highlightSector(box, option) {
  for (const other of sectorOptions()) {
    other.setAttribute("aria-selected", String(other === option));
    other.classList.toggle("active", other === option);
  }
  box.setAttribute("aria-activedescendant", option.id);
  option.scrollIntoView({ block: "nearest" });
}

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "sector-suggestions") return;
  const box = document.querySelector("[data-sector-input]");
  // An answer that arrives after the person moved on is not shown.
  if (document.activeElement !== box) {
    closeSectorList(box);
    return;
  }
  box.setAttribute("aria-expanded", String(sectorOptions().length > 0));
  box.removeAttribute("aria-activedescendant");
});

document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (!box.matches("[data-sector-input]")) return;
  const options = sectorOptions();
  if (!options.length) return;
  const current = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    const next = current < 0 ? (step > 0 ? 0 : options.length - 1) : current + step;
    highlightSector(box, options[(next + options.length) % options.length]);
  } else if (event.key === "Enter" && current >= 0) {
    event.preventDefault();
    pickSector(box, options[current]);
  } else if (event.key === "Escape") {
    event.preventDefault();
    closeSectorList(box);
  }
});

/* Pressing an option must not take the focus from the box, or the list would close first. */
document.addEventListener("mousedown", (event) => {
  if (event.target.closest("#sector-listbox [role=option]")) event.preventDefault();
});

document.addEventListener("click", (event) => {
  const option = event.target.closest("#sector-listbox [role=option]");
  if (option) pickSector(document.querySelector("[data-sector-input]"), option);
});

document.addEventListener("focusout", (event) => {
  if (event.target.matches("[data-sector-input]")) closeSectorList(event.target);
});

/* Error summary (templates/includes/error_summary.html): it takes the focus when the page
   loads, so that it is read first (an element focused while the page is parsed also stops
   any autofocus). Its links focus the field they name, opening a closed <details> around it;
   a radio group's link focuses its checked radio, if any. */
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) {
  errorSummary.focus();
  // Focused before layout, it may not have been scrolled to: show it once the page is laid out.
  window.addEventListener("load", () => {
    if (document.activeElement === errorSummary) errorSummary.scrollIntoView({ block: "start" });
  });
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  let target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  if (target.matches("input[type=radio]") && target.form) {
    target = target.form.querySelector(`input[type=radio][name="${target.name}"]:checked`) || target;
  }
  const details = target.closest("details");
  if (details) details.open = true;
  target.focus();
  target.scrollIntoView({ block: "center" });
});

/* Focus after htmx swaps: the focus never falls to <body> (which would send keyboard and
   screen reader users back to the top of the page). The rule, in order:
   1. an answer may say where the focus goes: an element with data-focus-on-swap="<selector>"
      (a new partner row names its first field), or marked with an empty data-focus-on-swap
      (a refusal's message; once);
   2. else, when the element focused as the request left is gone (replaced, or disabled during
      the request and so blurred), the focus returns to it if it is still there, or goes to
      the element with the same id in the new content;
   3. else to the trigger's declared target, data-focus-after-swap="<selector>";
   4. else to the swap's target itself. */
const focusBeforeRequest = new WeakMap();

document.addEventListener("htmx:beforeRequest", (event) => {
  const active = document.activeElement;
  if (event.detail.xhr && active && active !== document.body) {
    focusBeforeRequest.set(event.detail.xhr, { element: active, id: active.id });
  }
});

function focusLost() {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

function focusElement(element) {
  if (!element) return false;
  if (element.tabIndex < 0 && !element.matches("a[href], button, input, select, textarea")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus();
  return document.activeElement === element;
}

document.addEventListener("htmx:afterSettle", (event) => {
  const declared = document.querySelector("[data-focus-on-swap]");
  if (declared) {
    // The attribute names another element (a selector), or, empty, marks the element itself.
    const selector = declared.dataset.focusOnSwap;
    const wanted = selector ? document.querySelector(selector) : declared;
    if (declared.tagName === "TEMPLATE") declared.remove();
    else declared.removeAttribute("data-focus-on-swap");
    if (focusElement(wanted)) return;
  }
  const before = event.detail.xhr && focusBeforeRequest.get(event.detail.xhr);
  // Focus that was on <body> already (a click on text) is left alone.
  if (!before || !focusLost()) return;
  if (before.element.isConnected && !before.element.disabled && focusElement(before.element)) return;
  if (before.id && focusElement(document.getElementById(before.id))) return;
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  const selector = trigger && trigger.closest("[data-focus-after-swap]")?.dataset.focusAfterSwap;
  if (selector && focusElement(document.querySelector(selector))) return;
  if (event.detail.target && event.detail.target.isConnected) focusElement(event.detail.target);
});

/* Review step (panel helper). After a coordinator's action the page comes back with the id of
   where the action landed (#member-12-status, #receipt): focus it, so that focus never falls
   back to <body>. The members table is polled only while an invitation is being sent; a poll
   (or a late answer) is skipped while the focus is inside the table, so the focused button is
   never replaced under the person using it. */
(() => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target && target.matches("[data-lands]")) target.focus();
})();

function focusInside(element) {
  return element.matches("[data-poll-unless-focused]") && element.contains(document.activeElement);
}

document.addEventListener("htmx:beforeRequest", (event) => {
  if (focusInside(event.detail.elt)) event.preventDefault();
});

document.addEventListener("htmx:beforeSwap", (event) => {
  if (focusInside(event.detail.elt)) event.detail.shouldSwap = false;
});

/* After an htmx swap, an element of the new content marked data-focus-on-swap takes the
   focus, once (the export's download link when the export is ready). */
document.addEventListener("htmx:afterSettle", () => {
  const next = document.querySelector("[data-focus-on-swap]");
  if (!next) return;
  next.removeAttribute("data-focus-on-swap");
  next.focus();
});
