// Behaviour the templates once wrote inline; the Content-Security-Policy allows no inline
// script, so it lives here and finds its elements by their data- attributes.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-submit-on-change]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  // The error pages' "back" button: shown only where there is a page to go back to.
  for (const button of document.querySelectorAll("button[data-back]")) {
    if (window.history.length > 1) {
      button.hidden = false;
      button.addEventListener("click", () => window.history.back());
    }
  }
});
