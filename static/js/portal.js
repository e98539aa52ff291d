/* Consortium Portal: small progressive enhancements; every page works without them. */
document.documentElement.classList.add("js");

/* Partner rows: "Remove" hides the row and ticks its DELETE box, which the formset reads on
   save; the change event refreshes the eligibility panel. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-row]");
  if (!button) return;
  const row = button.closest(".partner-row");
  const box = row.querySelector("input[name$='-DELETE']");
  box.checked = true;
  row.hidden = true;
  box.dispatchEvent(new Event("change", { bubbles: true }));
  const next = document.querySelector("#partner-search-input");
  if (next) next.focus();
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
