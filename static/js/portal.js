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

/* "Copy" buttons copy the value of the field they name. */
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C";
  }
});
