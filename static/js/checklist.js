// The attendance checklist laid out as soon as the groups and the date are chosen. The
// page posts itself as its "List the members" button does (that button stays the way
// without scripts) and swaps in the checklist of the answer: what was ticked is posted
// too, so it stays ticked. An answer that arrives after a newer question is dropped.
"use strict";

// What was ticked or typed in the checklist while the answer was on its way wins over
// what the answer was built from.
function keepTyped(shown, fresh) {
  for (const input of shown.querySelectorAll("input[name]")) {
    const same = fresh.querySelectorAll(`input[name="${CSS.escape(input.name)}"]`);
    if (input.type === "radio") {
      if (!input.checked) continue;
      for (const other of same) other.checked = other.value === input.value;
    } else {
      for (const other of same) other.value = input.value;
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-checklist]");
  if (!form) return;
  let asked = 0;
  // What the checklist shown was laid out for: a change event that changes neither (a
  // date field fires one again as it loses focus) asks nothing.
  const chosen = () => JSON.stringify([form.elements.date?.value, new FormData(form).getAll("groups")]);
  let laidOutFor = chosen();
  const layOut = async () => {
    if (chosen() === laidOutFor) return;
    laidOutFor = chosen();
    const question = ++asked;
    const data = new FormData(form);
    data.append("refresh", "");
    const current = form.querySelector("#checklist");
    current.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      if (question !== asked || !response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("#checklist");
      if (!fresh) return;
      const shown = form.querySelector("#checklist");
      keepTyped(shown, fresh);
      shown.replaceWith(document.adoptNode(fresh));
    } finally {
      if (question === asked) form.querySelector("#checklist")?.removeAttribute("aria-busy");
    }
  };
  for (const name of ["date", "groups"]) {
    form.elements[name]?.addEventListener("change", layOut);
  }
  for (const button of form.querySelectorAll("button[name=refresh]")) button.hidden = true;
});
