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
  const picker = new TomSelect(select, {
    plugins: several ? ["remove_button"] : [],
    searchField: ["text", "search"],
    maxOptions: 100,
    // Filter as the user types: the options are on the page. (Tom Select's default waits
    // 300 ms, and when that wait ends after a choice it opens the picker and takes the
    // focus back from wherever the user has gone since.)
    refreshThrottle: 0,
    allowEmptyOption: !several,
    hidePlaceholder: true,
    placeholder: select.dataset.pickerPlaceholder || "",
    closeAfterSelect: !several,
    render: pickerWords(select),
  });
  // A field the form refused says so on what the user types into (the select is hidden).
  if (select.getAttribute("aria-invalid")) {
    picker.control_input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
  }
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
  // What the server found for each search: only those are offered for it (Tom Select
  // keeps every person it was ever sent, and asks once per search).
  const found = new Map();
  new TomSelect(select, {
    plugins: ["remove_button"],
    valueField: "code",
    labelField: "name",
    searchField: [],
    score: (search) => (person) => (found.get(search)?.has(person.code) ? 1 : 0),
    placeholder: box.dataset.pickerPlaceholder || "",
    loadThrottle: 250,
    refreshThrottle: 0, // the server is asked after loadThrottle; see enhanceSelect
    shouldLoad: (query) => query.trim().length > 0,
    load: (query, answer) => {
      const address = `${box.dataset.source}?q=${encodeURIComponent(query)}`;
      fetch(address, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((answered) => {
          const people = answered.results || [];
          found.set(query, new Set(people.map((person) => person.code)));
          answer(people);
        })
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

function groupsFromTheServer(element, keyOf) {
  // What the two group pickers share (enhanceSearch, enhanceSearchMulti): the server at
  // element.dataset.source is asked as the user types, and, as for the guests, only what
  // it found for a search is offered for it (records told apart by `keyOf`).
  const found = new Map();
  return {
    searchField: [],
    score: (search) => (record) => (found.get(search)?.has(keyOf(record)) ? 1 : 0),
    loadThrottle: 250,
    refreshThrottle: 0, // the server is asked after loadThrottle; see enhanceSelect
    shouldLoad: (query) => query.trim().length > 0,
    load: (query, answer) => {
      const address = `${element.dataset.source}?q=${encodeURIComponent(query)}`;
      fetch(address, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((answered) => {
          const records = answered.results || [];
          found.set(query, new Set(records.map(keyOf)));
          answer(records);
        })
        .catch(() => answer());
    },
    render: {
      ...pickerWords(element),
      option: (record, escape) =>
        `<div>${escape(record.name)}` +
        (record.area ? ` <small>${escape(record.area)}</small>` : "") +
        "</div>",
      item: (record, escape) => `<div>${escape(record.name)}</div>`,
    },
  };
}

function enhanceSearch(input) {
  // A filter's search box (<input data-search-picker data-source=URL>, SearchPicker in
  // representatives/widgets.py) becomes one picker asking the server as the user types:
  // the records are too many to list on the page. It sends the chosen one's whole name,
  // which the field reads as the box's text would be.
  const select = document.createElement("select");
  select.name = input.name;
  select.id = input.id;
  Object.assign(select.dataset, input.dataset);
  select.add(new Option("", ""));
  if (input.value) select.add(new Option(input.value, input.value, true, true));
  input.replaceWith(select);
  new TomSelect(select, {
    ...groupsFromTheServer(select, (record) => record.name),
    valueField: "name",
    labelField: "name",
    allowEmptyOption: false, // the empty choice is no item: the box shows its placeholder
    plugins: ["clear_button"],
    placeholder: select.dataset.pickerPlaceholder || "",
    maxOptions: null,
  });
}

function enhanceSearchMulti(box) {
  // A form's choice of several records of thousands (<div data-search-multi-picker>,
  // SearchMultiPicker in representatives/widgets.py: the chosen ones as ticked boxes, and
  // the no-script search) becomes one picker asking the server as the user types; it
  // posts the chosen records' keys under the same name, as the ticked boxes do.
  const select = document.createElement("select");
  select.name = box.dataset.name;
  select.id = box.dataset.id;
  select.multiple = true;
  select.setAttribute("aria-label", box.dataset.pickerLabel || "");
  for (const chosen of box.querySelectorAll(`input[name="${CSS.escape(select.name)}"]:checked`)) {
    select.add(new Option(chosen.dataset.name || chosen.value, chosen.value, true, true));
  }
  box.replaceChildren(select);
  const picker = new TomSelect(select, {
    ...groupsFromTheServer(box, (record) => String(record.id)),
    plugins: ["remove_button"],
    valueField: "id",
    labelField: "name",
    placeholder: box.dataset.pickerPlaceholder || "",
  });
  if (box.dataset.invalid) picker.control_input.setAttribute("aria-invalid", box.dataset.invalid);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-picker]")) {
    if (!select.tomselect) enhanceSelect(select); // once, should the script come twice
  }
  for (const input of document.querySelectorAll("input[data-search-picker]")) {
    enhanceSearch(input); // replaced by the picker: found once
  }
  for (const box of document.querySelectorAll("[data-search-multi-picker]:not([data-enhanced])")) {
    box.dataset.enhanced = "";
    enhanceSearchMulti(box);
  }
  for (const box of document.querySelectorAll("[data-guest-picker]:not([data-enhanced])")) {
    box.dataset.enhanced = "";
    enhanceGuests(box);
  }
});
