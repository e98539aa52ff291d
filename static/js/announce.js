/* A live region rendered empty with its message in data-announce gets the message shortly
   after the page loads: screen readers announce text put into a live region, not text that
   was there from the start (the directory's result count after a search). The words come
   from the template, so they are in the page's language. */
window.setTimeout(() => {
  for (const region of document.querySelectorAll("[data-announce]")) {
    region.textContent = region.dataset.announce;
  }
}, 500);
