/* graf map page script. Reads the JSON in #graf-data and builds every piece of text with
   textContent (HTML is never parsed from data), so labels stay text. No network access. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graf-data").textContent);
  var S = data.strings;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function nameOf(id) { return byId[id] ? byId[id].label : id; }

  // ---- header --------------------------------------------------------------------------------
  $("title").textContent = data.title;
  $("subtitle").textContent = data.subtitle;
  $("search").setAttribute("placeholder", S.search);
  $("search").setAttribute("aria-label", S.search);
  $("btn-fit").textContent = S.fit;
  $("btn-physics").textContent = S.physics;
  $("btn-png").textContent = S.png;
  data.notes.forEach(function (note) { $("notes").appendChild(el("div", "note", note)); });

  // ---- network -------------------------------------------------------------------------------
  var visNodes = data.nodes.map(function (n) {
    return { id: n.id, label: n.label, title: n.title, shape: n.shape, size: n.size, color: n.color,
             borderWidth: n.borderWidth, x: n.x, y: n.y, kind: n.kind };
  });
  var visEdges = data.edges.map(function (e) {
    var out = { id: e.id, from: e.from, to: e.to, title: e.title, color: e.color, width: e.width,
                dashes: e.dashes, smooth: e.smooth, arrows: e.arrows, layer: e.layer };
    if (e.label) { out.label = e.label; }
    return out;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var container = $("graph");
  var options = {
    autoResize: true,
    physics: { enabled: false, solver: "barnesHut", stabilization: { enabled: false },
               barnesHut: { gravitationalConstant: -8000, springLength: 160 } },
    layout: { randomSeed: 42, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 1500,
                   multiselect: true },
    nodes: { font: { size: 15, face: "DejaVu Sans, Arial, sans-serif", strokeWidth: 4, strokeColor: "#ffffff" },
             widthConstraint: { maximum: 220 } },
    edges: { font: { size: 12, strokeWidth: 3, strokeColor: "#ffffff" }, selectionWidth: 2 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var state = { physics: false, drawn: false, firstDrawMs: null };
  network.on("beforeDrawing", function (ctx) {  // white background, so the PNG is not transparent
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  network.once("afterDrawing", function () {
    state.drawn = true;
    state.firstDrawMs = performance.now();
  });
  if (data.nodes.length === 0) {
    $("empty").textContent = S.empty;
    $("empty").hidden = false;
  }

  // ---- legend and filters ----------------------------------------------------------------------
  var hiddenKinds = {};
  var hiddenLayers = {};
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hiddenKinds[n.kind] }; }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !!hiddenLayers[e.layer] || !!(byId[e.from] && hiddenKinds[byId[e.from].kind]) ||
               !!(byId[e.to] && hiddenKinds[byId[e.to].kind]) };
    }));
  }
  function checkbox(kind, key, store) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-" + kind, key);
    box.addEventListener("change", function () { store[key] = !box.checked; applyFilters(); });
    return box;
  }
  var legend = $("legend");
  if (data.legend.kinds.length) { legend.appendChild(el("h2", null, S.kinds)); }
  data.legend.kinds.forEach(function (k) {
    var row = el("label", "kind-row");
    row.appendChild(checkbox("kind", k.kind, hiddenKinds));
    var glyph = el("span", "glyph", k.glyph);
    glyph.style.color = k.color;
    row.appendChild(glyph);
    row.appendChild(el("span", "kind-label", k.label));
    legend.appendChild(row);
  });
  if (data.legend.layers.length) {
    legend.appendChild(el("h2", null, S.layers));
    data.legend.layers.forEach(function (l) {
      var row = el("label", "layer-row");
      if (l.layer !== "missing") { row.appendChild(checkbox("layer", l.layer, hiddenLayers)); }
      var line = el("span", "line");
      line.style.borderTopColor = l.color;
      line.style.borderTopWidth = Math.max(1, Math.round(l.width)) + "px";
      if (l.layer === "missing") { line.style.borderTopStyle = "dashed"; }
      row.appendChild(line);
      row.appendChild(el("span", null, l.label));
      legend.appendChild(row);
    });
  }
  if (data.legend.statuses.length) {
    legend.appendChild(el("h2", null, S.statuses));
    data.legend.statuses.forEach(function (s) {
      var row = el("div", "row status-row");
      var line = el("span", "line");
      line.style.borderTopColor = "#1c2833";
      line.style.borderTopStyle = s.css;
      row.appendChild(line);
      row.appendChild(el("span", null, s.label));
      legend.appendChild(row);
    });
  }
  if (data.legend.diff) {
    legend.appendChild(el("h2", null, S.diff));
    data.legend.diff.forEach(function (d) {
      var row = el("div", "row diff-row");
      var sw = el("span", "swatch");
      sw.style.background = d.color;
      row.appendChild(sw);
      row.appendChild(el("span", null, d.label));
      legend.appendChild(row);
    });
  }
  if (data.mode === "findings") {
    legend.appendChild(el("h2", null, S.findings));
    (data.findings.length ? data.legend.marks || [] : []).forEach(function (m) {
      var row = el("div", "row mark-row");
      var sw = el("span", "swatch");
      sw.style.background = m.color;
      row.appendChild(sw);
      row.appendChild(el("span", null, m.label));
      legend.appendChild(row);
    });
    var list = el("ul");
    list.id = "findings";
    if (!data.findings.length) { legend.appendChild(el("div", "no-findings", S.no_findings)); }
    data.findings.forEach(function (f, i) {
      var li = el("li", "finding");
      li.setAttribute("data-index", String(i));
      li.setAttribute("data-code", f.code);
      li.appendChild(el("span", "sev-" + f.severity, (S["sev_" + f.severity] || f.severity) + " "));
      li.appendChild(el("span", "finding-title", f.title));
      li.appendChild(el("div", "meta finding-message", f.message));
      li.addEventListener("click", function () { showFinding(i); });
      list.appendChild(li);
    });
    legend.appendChild(list);
  }
  legend.appendChild(el("p", "meta", S.hint));

  // ---- side panel ---------------------------------------------------------------------------
  var panel = $("panel");
  function clearPanel() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var close = el("button", "close", S.close);
    close.style.float = "right";
    close.addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });
    panel.appendChild(close);
    panel.hidden = false;
  }
  function sourceBlock(parent, src) {
    if (src.quote) { parent.appendChild(el("blockquote", "quote", src.quote)); }
    var meta = [];
    if (src.confidence) { meta.push(S.confidence + ": " + src.confidence); }
    if (src.key) { meta.push("[" + src.key + "]"); }
    if (meta.length) { parent.appendChild(el("div", "meta", meta.join(" "))); }
    if (src.reasoning) { parent.appendChild(el("div", "meta reasoning", S.reasoning + ": " + src.reasoning)); }
  }
  function relationItem(e, outgoing) {
    var li = el("li", "relation");
    var other = outgoing ? e.to : e.from;
    var text = e.relLabel + (outgoing ? " → " : " ← ") + nameOf(other);
    if (e.relation === "channel") { text += " (" + e.statusLabel + ")"; }
    if (e.via && e.via.length) { text += " " + S.via + " " + e.via.join(", "); }
    var link = el("a", "relation-link", text);
    link.href = "#";
    link.addEventListener("click", function (ev) { ev.preventDefault(); select(other); });
    li.appendChild(link);
    if (e.sources.length) { sourceBlock(li, e.sources[0]); }
    return li;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clearPanel();
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", "label", n.label));
    var kind = el("div", "kind", S.kind + ": " + n.kindLabel);
    panel.appendChild(kind);
    if (n.entry) { panel.appendChild(el("span", "badge", S.entry_point)); }
    panel.appendChild(el("h3", null, S.labels));
    var labels = el("ul", "labels");
    labels.appendChild(el("li", null, "da: " + n.labels.da));
    labels.appendChild(el("li", null, "en: " + n.labels.en));
    panel.appendChild(labels);
    panel.appendChild(el("div", "iri", n.shortId + " — " + n.id));
    if (/^https?:$/.test(window.location.protocol) && /^https?:\/\//.test(id) && !n.members) {
      // served by graf serve: open the actor's facts in the query editor (a file on disk has no editor)
      var sparql = el("a", "sparql-link", S.in_sparql);
      sparql.href = "/query?" + (data.lang === "en" ? "lang=en&" : "") + "query=" +
        encodeURIComponent(data.actorQuery.split(data.actorPlaceholder).join("<" + id + ">"));
      panel.appendChild(sparql);
    }
    if (n.members) {
      panel.appendChild(el("h3", null, S.members + " (" + n.count + ")"));
      var ul = el("ul", "members");
      n.members.forEach(function (m) { ul.appendChild(el("li", null, m.label + " — " + m.iri)); });
      if (n.count > n.members.length) { ul.appendChild(el("li", null, "… " + (n.count - n.members.length) + " " + S.more)); }
      panel.appendChild(ul);
    }
    var outs = data.edges.filter(function (e) { return e.from === id; });
    var ins = data.edges.filter(function (e) { return e.to === id; });
    [[S.outgoing, outs, true], [S.incoming, ins, false]].forEach(function (part) {
      panel.appendChild(el("h3", null, part[0] + " (" + part[1].length + ")"));
      var list = el("ul", part[2] ? "outgoing" : "incoming");
      if (!part[1].length) { list.appendChild(el("li", null, S.none)); }
      part[1].forEach(function (e) { list.appendChild(relationItem(e, part[2])); });
      panel.appendChild(list);
    });
    panel.appendChild(el("h3", null, S.facts + " (" + n.facts.length + ")"));
    var facts = el("div", "facts");
    if (!n.facts.length) { facts.appendChild(el("div", null, S.none)); }
    n.facts.forEach(function (f) {
      var div = el("div", "fact");
      div.appendChild(el("strong", null, f.fact));
      sourceBlock(div, f);
      facts.appendChild(div);
    });
    panel.appendChild(facts);
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    clearPanel();
    panel.setAttribute("data-edge", id);
    panel.appendChild(el("h2", "label", e.relLabel));
    panel.appendChild(el("div", null, nameOf(e.from) + " → " + nameOf(e.to)));
    if (e.relation === "channel") { panel.appendChild(el("div", "kind", S.status + ": " + e.statusLabel)); }
    if (e.via && e.via.length) { panel.appendChild(el("div", null, S.via + ": " + e.via.join(", "))); }
    panel.appendChild(el("div", "iri", e.id));
    panel.appendChild(el("h3", null, S.facts));
    if (!e.sources.length) { panel.appendChild(el("div", null, S.none)); }
    e.sources.forEach(function (s) { var d = el("div", "fact"); sourceBlock(d, s); panel.appendChild(d); });
  }
  function showFinding(i) {
    var f = data.findings[i];
    clearPanel();
    panel.setAttribute("data-finding", String(i));
    panel.appendChild(el("h2", "label", f.title));
    panel.appendChild(el("div", "sev-" + f.severity, (S["sev_" + f.severity] || f.severity) + " · " + f.rule));
    panel.appendChild(el("p", null, f.message));
    if (f.source) { panel.appendChild(el("blockquote", "quote", f.source)); }
    panel.appendChild(el("h3", null, S.witness));
    var ul = el("ul");
    f.nodes.forEach(function (n) {
      var li = el("li");
      var a = el("a", null, nameOf(n));
      a.href = "#";
      a.addEventListener("click", function (ev) { ev.preventDefault(); select(n); });
      li.appendChild(a);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    network.setSelection({ nodes: f.nodes.filter(function (n) { return byId[n]; }),
                           edges: f.edges.filter(function (e) { return edgeById[e]; }) },
                         { unselectAll: true, highlightEdges: false });
    if (f.nodes.length) { network.fit({ nodes: f.nodes.filter(function (n) { return byId[n]; }), animation: false }); }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); } else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // ---- search ---------------------------------------------------------------------------------
  function norm(s) { return String(s || "").toLocaleLowerCase("da").normalize("NFC").trim(); }
  function search(query) {
    var q = norm(query);
    if (!q) { return []; }
    var hits = [];
    data.nodes.forEach(function (n) {
      var best = 9;
      [n.labels.da, n.labels.en, n.shortId].forEach(function (text) {
        var t = norm(text);
        var r = t === q ? 0 : t.indexOf(q) === 0 ? 1 : (" " + t).indexOf(" " + q) >= 0 ? 2 : t.indexOf(q) >= 0 ? 3 : 9;
        if (r < best) { best = r; }
      });
      if (best < 9) { hits.push([best, norm(n.label), n.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits.map(function (h) { return h[2]; });
  }
  function select(id) {
    if (!byId[id]) { return false; }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showNode(id);
    return true;
  }
  var results = $("results");
  function clearResults() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
  }
  function showResults(ids) {
    clearResults();
    if ($("search").value && !ids.length) { results.appendChild(el("li", "no-match", S.no_match)); }
    ids.slice(0, 15).forEach(function (id) {
      var li = el("li", "result");
      li.setAttribute("data-id", id);
      li.appendChild(el("span", null, byId[id].label));
      li.appendChild(el("span", "k", byId[id].kindLabel));
      li.addEventListener("click", function () { select(id); clearResults(); });
      results.appendChild(li);
    });
  }
  $("search").addEventListener("input", function () { showResults(search($("search").value)); });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var ids = search($("search").value);
      if (ids.length) { select(ids[0]); clearResults(); } else { showResults(ids); }
    } else if (ev.key === "Escape") { clearResults(); }
  });

  // ---- buttons --------------------------------------------------------------------------------
  $("btn-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  $("btn-physics").addEventListener("click", function () {
    state.physics = !state.physics;
    network.setOptions({ physics: { enabled: state.physics } });
    $("btn-physics").setAttribute("aria-pressed", String(state.physics));
  });
  function pngDataUrl() { return container.querySelector("canvas").toDataURL("image/png"); }
  $("btn-png").addEventListener("click", function () {
    var a = el("a");
    a.download = data.filename + ".png";
    a.href = pngDataUrl();
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  network.fit({ animation: false });
  window.grafMap = { network: network, nodes: nodes, edges: edges, data: data, state: state, search: search,
                     select: select, showFinding: showFinding, pngDataUrl: pngDataUrl };
}());
