// The query page: pick an example, edit, run against /sparql with fetch, show a table.
// Every value goes into the page with textContent (never innerHTML).
"use strict";
(function () {
  const editor = document.getElementById("editor");
  const examples = document.getElementById("examples");
  const description = document.getElementById("description");
  const run = document.getElementById("run");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const queries = JSON.parse(document.getElementById("queries").textContent);
  const words = JSON.parse(document.getElementById("words").textContent);

  examples.addEventListener("change", () => {
    const option = examples.selectedOptions[0];
    description.textContent = option ? option.dataset.description || "" : "";
    if (queries[examples.value]) editor.value = queries[examples.value];
  });

  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); execute(); }
    if (event.key === "Tab") {  // indent instead of leaving the editor
      event.preventDefault();
      const start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
    }
  });
  run.addEventListener("click", execute);

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    td.textContent = term.value;
    if (term.type === "uri") td.className = "iri";
    if (term["xml:lang"]) {
      const tag = document.createElement("small");
      tag.textContent = " @" + term["xml:lang"];
      td.append(tag);
    }
    return td;
  }

  function table(vars, rows) {
    const t = document.createElement("table");
    t.id = "result-table";
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.append(th);
    }
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.append(cell(row[v]));
    }
    return t;
  }

  async function execute() {
    status.textContent = "…";
    result.replaceChildren();
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: editor.value,
      });
      const type = response.headers.get("Content-Type") || "";
      const ms = Math.round(performance.now() - started);
      if (!response.ok) {
        let message = response.status + " " + response.statusText;
        try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
        status.textContent = message;
        status.className = "error";
        return;
      }
      status.className = "";
      if (type.startsWith("application/sparql-results+json")) {
        const data = await response.json();
        if ("boolean" in data) {
          const p = document.createElement("p");
          p.id = "result-boolean";
          p.textContent = String(data.boolean);
          result.append(p);
          status.textContent = ms + " ms";
        } else {
          result.append(table(data.head.vars, data.results.bindings));
          status.textContent = data.results.bindings.length + " " + words.rows + ", " + ms + " ms";
        }
      } else {
        const pre = document.createElement("pre");
        pre.id = "result-text";
        pre.textContent = await response.text();
        result.append(pre);
        status.textContent = ms + " ms";
      }
      if (response.headers.get("X-Graf-Truncated") === "true") {
        const note = document.createElement("p");
        note.className = "warning";
        note.textContent = words.truncated + " (" + response.headers.get("X-Graf-Max-Rows") + ")";
        result.prepend(note);
      }
    } catch (error) {
      status.textContent = String(error);
      status.className = "error";
    }
  }
})();
