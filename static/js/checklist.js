// The attendance checklist laid out as soon as the groups and the date are chosen. The
// page posts itself as its "List the members" button does (that button is the way
// without scripts) and puts the answer's checklist in place of the one shown: what was
// ticked is posted too, so it stays ticked. An answer that arrives after a newer
// question is dropped; a question that gets no checklist back (the network, an expired
// session) says so and brings the button back, so nobody saves an outdated checklist.
"use strict";

// What was ticked or typed in the checklist while the answer was on its way wins over
// what the answer was built from; the field that had the focus keeps it.
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

function refocus(region, focused) {
  if (!focused || !focused.name) return;
  const selector = focused.type === "radio"
    ? `input[name="${CSS.escape(focused.name)}"][value="${CSS.escape(focused.value)}"]`
    : `[name="${CSS.escape(focused.name)}"]`;
  region.querySelector(selector)?.focus();
}

// A guest who is now a member of a chosen group is on the checklist: the server drops
// them from the guests, and so does the guest picker.
function dropGuestsListed(form, region) {
  const guests = form.querySelector(".guests select")?.tomselect;
  if (!guests) return;
  for (const row of region.querySelectorAll("tr[data-code]")) {
    if (guests.items.includes(row.dataset.code)) guests.removeItem(row.dataset.code, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-checklist]");
  if (!form) return;
  const region = form.querySelector("#checklist");
  const buttons = form.querySelectorAll("button[name=refresh]");
  let asked = 0;
  // What the checklist shown was laid out for: a change event that changes neither (a
  // date field fires one again as it loses focus) asks nothing.
  const chosen = () => JSON.stringify([form.elements.date.value, new FormData(form).getAll("groups")]);
  let laidOutFor = chosen();

  const failed = () => {
    laidOutFor = null; // the next change asks again
    for (const button of buttons) button.hidden = false;
    const message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = form.dataset.checklistFailed;
    region.replaceChildren(message);
  };

  const layOut = async () => {
    if (chosen() === laidOutFor) return;
    const complete = form.elements.date.value && new FormData(form).getAll("groups").length;
    // Half chosen with nothing listed yet: nothing to say (the hint stays).
    if (!complete && !region.querySelector("table")) return;
    laidOutFor = chosen();
    const question = ++asked;
    const data = new FormData(form);
    data.append("refresh", "");
    region.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      const text = response.ok ? await response.text() : "";
      if (question !== asked) return;
      const fresh = new DOMParser().parseFromString(text, "text/html").querySelector("#checklist");
      if (!fresh) return failed();
      const focused = region.contains(document.activeElement) ? document.activeElement : null;
      keepTyped(region, fresh);
      region.replaceChildren(...[...fresh.childNodes].map((node) => document.adoptNode(node)));
      refocus(region, focused);
      dropGuestsListed(form, region);
      for (const button of buttons) button.hidden = true;
    } catch {
      if (question === asked) failed();
    } finally {
      if (question === asked) region.removeAttribute("aria-busy");
    }
  };
  // Asked of the form, not of the fields: the groups' picker (pickers.js) puts its own
  // field in place of the page's.
  form.addEventListener("change", (event) => {
    if (["date", "groups"].includes(event.target.name)) layOut();
  });
  for (const button of buttons) button.hidden = true;
});
