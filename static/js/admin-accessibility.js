// Admin pages: what Django's own scripts leave without a valid accessible name. Both fixes run
// after Django's scripts build their widgets (on load).
// - The filtered multiple select (a lot's sectors) labels its search boxes with an icon whose
//   text is an aria-label on a plain span, which ARIA does not allow: the icon gets the image
//   role, so that its text stays the search box's description.
// - The date shortcuts' "Today" link is named "Today (30 November 2026)" in English whatever
//   the page's language (Django's German catalogue lacks that string), so its name did not
//   contain its visible "Heute": the name becomes the visible text and the date.
window.addEventListener("load", () => {
  setTimeout(() => {
    document.querySelectorAll(".search-label-icon[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll(".datetimeshortcuts a[aria-label]").forEach((link) => {
      const visible = link.textContent.trim();
      const name = link.getAttribute("aria-label");
      if (visible && !name.includes(visible)) {
        const date = name.match(/\(([^)]*)\)\s*$/);
        link.setAttribute("aria-label", date ? `${visible} (${date[1]})` : visible);
      }
    });
  });
});
