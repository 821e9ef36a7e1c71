// Choosing by typing (representatives/widgets.py): each <select data-picker> becomes a
// Tom Select, found by its label and by what its options' data-search holds (card
// numbers, pinyin initials); several choices show as tags with a remove button. The
// words it shows come from the select's data- attributes, in the page's language.
//
// A guest box (<div data-guest-picker data-source=URL>) holds the no-script guest search
// (checkboxes and a Find button); here it becomes one picker that asks the server as
// the user types, since the guests are searched across the whole province.
"use strict";

function pickerWords(element) {
  return {
    no_results: (data, escape) =>
      `<div class="no-results">${escape(element.dataset.pickerNone || "")}</div>`,
    loading: (data, escape) =>
      `<div class="spinner">${escape(element.dataset.pickerLoading || "")}</div>`,
  };
}

function enhanceSelect(select) {
  const several = select.multiple;
  new TomSelect(select, {
    plugins: several ? ["remove_button"] : [],
    searchField: ["text", "search"],
    maxOptions: 100,
    allowEmptyOption: !several,
    hidePlaceholder: true,
    placeholder: select.dataset.pickerPlaceholder || "",
    closeAfterSelect: !several,
    render: pickerWords(select),
  });
}

function enhanceGuests(box) {
  // The guests chosen so far, then a picker in place of the checkboxes and search row.
  const select = document.createElement("select");
  select.name = "guest";
  select.multiple = true;
  select.setAttribute("aria-label", box.dataset.pickerLabel || "");
  for (const chosen of box.querySelectorAll("input[name=guest]:checked")) {
    select.add(new Option(chosen.dataset.name || chosen.value, chosen.value, true, true));
  }
  for (const row of box.querySelectorAll("[data-no-script]")) row.remove();
  box.append(select);
  new TomSelect(select, {
    plugins: ["remove_button"],
    valueField: "code",
    labelField: "name",
    searchField: [],
    score: () => () => 1, // the server has matched initials and card numbers already
    placeholder: box.dataset.pickerPlaceholder || "",
    loadThrottle: 250,
    shouldLoad: (query) => query.trim().length > 0,
    load: (query, answer) => {
      const address = `${box.dataset.source}?q=${encodeURIComponent(query)}`;
      fetch(address, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((found) => answer(found.results || []))
        .catch(() => answer());
    },
    render: {
      ...pickerWords(box),
      option: (person, escape) =>
        `<div>${escape(person.name)} <small>${escape(person.code)}</small>` +
        (person.group ? ` <small class="group">${escape(person.group)}</small>` : "") +
        "</div>",
      item: (person, escape) =>
        `<div>${escape(person.name)} <small>${escape(person.code)}</small></div>`,
    },
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-picker]")) {
    if (!select.tomselect) enhanceSelect(select); // once, should the script come twice
  }
  for (const box of document.querySelectorAll("[data-guest-picker]:not([data-enhanced])")) {
    box.dataset.enhanced = "";
    enhanceGuests(box);
  }
});
