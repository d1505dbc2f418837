/* graf map page script. Reads the JSON in #graf-data and builds every piece of text with
   textContent (HTML is never parsed from data), so labels stay text. No network access.

   What is drawn follows one state object: the frame (scenario) shown, the frame its changes are
   coloured against, the filters, the date, what the actors are sized by, the selected actor and the
   zoom. The state lives in the URL fragment, so a link reopens the same view. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graf-data").textContent);
  var S = data.strings || {};
  var ST = data.style || {};
  var FONT = ST.font || 14, MIN_FONT = ST.minFont || 11, MAX_SCALE = 1.6;
  data.nodes = data.nodes || [];
  data.edges = data.edges || [];
  data.members = data.members || {};
  data.frames = data.frames && data.frames.length ? data.frames : [{ name: "", label: "" }];
  data.legend = data.legend || { kinds: [], layers: [], statuses: [], confidences: [], diff: [] };
  data.findings = data.findings || [];
  data.notes = data.notes || [];
  var MEASURES = ["degree", "betweenness", "closeness", "reach2"];

  var byId = {};
  data.nodes.forEach(function (n) {
    n.id = String(n.id);
    n.label = n.label === undefined || n.label === null ? n.id : String(n.label);
    n.labels = n.labels || { da: n.label, en: n.label };
    n.in = n.in || data.frames.map(function (_f, i) { return i; });
    n.facts = n.facts || [];
    byId[n.id] = n;
  });
  data.citations = data.citations || [];
  Object.keys(data.members).forEach(function (mid) {  // what the page data leaves out, filled in
    var m = data.members[mid];
    m.id = mid;
    m.via = m.via || [];
    m.sources = m.sources || [];
    if (m.confidence === undefined) { m.confidence = ""; }
  });
  var edgeById = {}, bundleOf = {};
  data.edges.forEach(function (e, i) {
    if (e.id === undefined || e.id === null) { e.id = "edge:" + i; }
    e.id = String(e.id);
    if (!e.per) {  // one member in every frame: itself (an edge added by hand, e.g. through pyvis, is made one)
      if (!data.members[e.id]) {
        data.members[e.id] = { id: e.id, status: "open", confidence: e.confidence || "memo", via: [], sources: [] };
      }
      e.per = {};
      data.frames.forEach(function (_f, j) { e.per[String(j)] = [e.id]; });
    }
    e.layer = e.layer || "unknown";
    e.relLabel = e.relLabel || (e.relation === "channel" || e.relation === "missing" ? S["layer:" + e.layer] :
      S["rel:" + e.relation]) || e.relation || "";
    edgeById[e.id] = e;
    Object.keys(e.per).forEach(function (f) {
      e.per[f].forEach(function (mid) {
        var m = data.members[mid];
        if (m && m.from === undefined) { m.from = e.from; m.to = e.to; }
        bundleOf[mid] = e.id;
        bundleOf[mid.split("@")[0]] = e.id;
      });
    });
  });
  function cite(x) { return typeof x === "number" ? data.citations[x] || {} : x || {}; }
  var time = data.time || null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function nameOf(id) { return byId[id] ? byId[id].labels[data.lang] || byId[id].label : id; }
  function fmt(s, values) { return String(s).replace(/\{(\w+)\}/g, function (_m, k) { return values[k]; }); }
  function served() { return /^https?:$/.test(window.location.protocol); }

  // ---- state and the URL fragment --------------------------------------------------------------
  var defaults = {
    frame: data.current || 0, compare: data.compare === undefined ? null : data.compare, diff: data.compare !== null &&
    data.compare !== undefined, hiddenKinds: {}, hiddenLayers: data.structureOn ? {} : { structure: true },
    sourced: false, date: null, size: "none", selected: null
  };
  var state = JSON.parse(JSON.stringify(defaults));
  state.zoom = null;
  var frameIndex = {};
  data.frames.forEach(function (f, i) { frameIndex[f.name] = i; });
  var kindKey = {};  // kind IRI -> short key used in the fragment
  data.legend.kinds.forEach(function (k) {
    var local = String(k.kind).replace(/^.*[#/]/, "");
    kindKey[k.kind] = Object.keys(kindKey).some(function (o) { return kindKey[o] === local; }) ? k.kind : local;
  });
  function kindFromKey(key) {
    var found = null;
    Object.keys(kindKey).forEach(function (k) { if (kindKey[k] === key) { found = k; } });
    return found;
  }

  function fragment() {
    var p = new URLSearchParams();
    p.set("v", data.view || "overview");
    p.set("s", data.frames[state.frame].name);
    if (state.diff && state.compare !== null) { p.set("cmp", data.frames[state.compare].name); }
    var hk = Object.keys(state.hiddenKinds).filter(function (k) { return state.hiddenKinds[k]; })
      .map(function (k) { return kindKey[k] || k; });
    if (hk.length) { p.set("hk", hk.join(",")); }
    p.set("hl", Object.keys(state.hiddenLayers).filter(function (k) { return state.hiddenLayers[k]; }).join(","));
    if (state.sourced) { p.set("src", "1"); }
    if (state.date) { p.set("d", state.date); }
    if (state.size !== "none") { p.set("size", state.size); }
    if (state.selected) { p.set("a", byId[state.selected] ? byId[state.selected].shortId || state.selected : state.selected); }
    if (state.zoom) { p.set("z", state.zoom.map(function (x) { return Math.round(x * 1000) / 1000; }).join(",")); }
    return p.toString();
  }
  var writing = false;
  function writeFragment() {
    var hash = "#" + fragment();
    if (window.location.hash === hash) { return; }
    writing = true;
    try {
      window.history.replaceState(null, "", hash);
    } catch (err) {  // an inline frame (a notebook cell) keeps no link: it would only reload itself
      if (window.location.protocol !== "about:") { window.location.replace(hash); }
    }
    writing = false;
  }
  function actorFrom(key) {
    if (byId[key]) { return key; }
    var found = null;
    data.nodes.forEach(function (n) { if (n.shortId === key) { found = n.id; } });
    return found;
  }
  function readFragment() {
    var p = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var out = { view: p.get("v") };
    if (p.has("s") && frameIndex[p.get("s")] !== undefined) { out.frame = frameIndex[p.get("s")]; }
    if (p.has("cmp")) {
      out.diff = frameIndex[p.get("cmp")] !== undefined;
      out.compare = out.diff ? frameIndex[p.get("cmp")] : null;
    } else if (p.has("s")) { out.diff = false; }
    if (p.has("hk")) {
      out.hiddenKinds = {};
      p.get("hk").split(",").forEach(function (k) { var kind = kindFromKey(k); if (kind) { out.hiddenKinds[kind] = true; } });
    }
    if (p.has("hl")) {
      out.hiddenLayers = {};
      p.get("hl").split(",").forEach(function (l) { if (l) { out.hiddenLayers[l] = true; } });
    }
    if (p.has("src")) { out.sourced = p.get("src") === "1"; }
    if (p.has("d") && /^\d{4}-\d{2}-\d{2}$/.test(p.get("d")) && time) { out.date = p.get("d"); }
    if (p.has("size") && MEASURES.indexOf(p.get("size")) >= 0) { out.size = p.get("size"); }
    if (p.has("a")) { out.selected = actorFrom(p.get("a")); }
    if (p.has("z")) {
      var z = p.get("z").split(",").map(Number);
      if (z.length === 3 && z.every(isFinite) && z[0] > 0) { out.zoom = z; }
    }
    return out;
  }

  // ---- header ------------------------------------------------------------------------------------
  function setTitle() {
    var t = data.viewTitle || data.title;
    if (state.diff && state.compare !== null && state.compare !== state.frame) {
      t = fmt(S.diff_title || "{a} → {b}", { a: data.frames[state.compare].name, b: data.frames[state.frame].name });
    }
    $("title").textContent = t;
  }
  $("search").setAttribute("placeholder", S.search || "");
  $("search").setAttribute("aria-label", S.search || "");
  $("btn-fit").textContent = S.fit || "Fit";
  $("btn-physics").textContent = S.physics || "Physics";
  $("btn-png").textContent = S.png || "PNG";
  data.notes.forEach(function (note) { $("notes").appendChild(el("div", "note", note)); });
  $("time").hidden = !time;  // before the network measures its canvas
  if (served()) { $("view-menu").hidden = false; }

  // ---- time: the date slider, play, and the strip of events ----------------------------------------
  var DAY = 86400000;
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  var slider = $("date-slider"), dateBox = $("date"), strip = $("events"), stops = [];
  if (time) {
    slider.min = "0";
    slider.max = String(dayNumber(time.last) - dayNumber(time.first));
    slider.setAttribute("aria-label", S.date || "Date");
    dateBox.min = time.first;
    dateBox.max = time.last;
    dateBox.setAttribute("aria-label", S.date || "Date");
    $("btn-play").textContent = S.play || "Play";
    $("btn-all-dates").textContent = S.clear_date || "All dates";
    var stopSet = {};
    time.events.forEach(function (ev) { stopSet[ev.from] = true; });
    Object.keys(time.steps).forEach(function (k) { time.steps[k].forEach(function (s) { if (s[0]) { stopSet[s[0]] = true; } }); });
    stops = Object.keys(stopSet).filter(function (d) { return d >= time.first && d <= time.last; }).sort();
    time.events.forEach(function (ev, i) {
      var li = el("li", "event");
      li.setAttribute("data-index", String(i));
      li.setAttribute("title", ev.when + " · " + ev.label + (ev.planned ? " (" + S.planned + ")" : ""));
      li.appendChild(el("span", "when", ev.when));
      li.appendChild(el("span", "what", ev.label));
      li.addEventListener("click", function () { setDate(ev.from); });
      strip.appendChild(li);
    });
    slider.addEventListener("input", function () { setDate(isoOf(dayNumber(time.first) + Number(slider.value))); });
    dateBox.addEventListener("change", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(dateBox.value)) { setDate(dateBox.value); }
    });
    $("btn-all-dates").addEventListener("click", function () { stopPlaying(); setDate(null); });
    $("btn-play").addEventListener("click", function () { if (playing) { stopPlaying(); } else { play(); } });
  }
  var drawnNodes = {}, drawnEdges = {}, onMap = {};  // what vis has (as JSON) and which nodes are drawn now
  var maxCache = {};
  // ---- what holds in a frame, on the date, under the filters --------------------------------------
  function stateOn(steps, day) {
    if (!steps || !day) { return "yes"; }
    var found = steps[0][1];
    for (var i = 0; i < steps.length && steps[i][0] <= day; i++) { found = steps[i][1]; }
    return found;
  }
  var CONF_RANK = { memo: 0, external: 1, derived: 2, "": 3 };
  function sourced(conf) { return conf === "memo" || conf === "external"; }
  function membersIn(e, f) {
    var out = [];
    (e.per[String(f)] || []).forEach(function (mid) {
      var m = data.members[mid];
      if (!m) { return; }
      var when = time ? stateOn(time.steps[mid] || time.steps[mid.split("@")[0]], state.date) : "yes";
      if (when === "no" || (state.sourced && !m.missing && !sourced(m.confidence))) { return; }
      out.push({ m: m, id: mid, when: when });
    });
    return out;
  }
  function nodeIn(n, f) {
    if (n.in.indexOf(f) < 0) { return null; }
    var when = time ? stateOn(time.steps[n.id], state.date) : "yes";
    if (when === "no" || (state.sourced && n.confidence !== undefined && !sourced(n.confidence))) { return null; }
    return when;
  }
  function diffing() { return state.diff && state.compare !== null && state.compare !== state.frame; }

  function nodeLook(n) {
    var now = nodeIn(n, state.frame), before = diffing() ? nodeIn(n, state.compare) : null;
    var mark = n.mark || "";
    if (diffing()) { mark = now && before ? "same" : now ? "added" : before ? "removed" : ""; }
    var shown = (now || before) && !state.hiddenKinds[n.kind];
    var fill = n.colour || (typeof n.color === "string" ? n.color : n.color && n.color.background) || "#97c2fc";
    var border = fill, width = 1.5;
    var size = sizeOf(n);
    if (diffing()) {
      fill = border = ST.diff[mark] || ST.diff.same;
    } else if (mark === "finding") {
      border = ST.finding; width = 5; size += 5;
    } else if (mark === "witness") {
      border = ST.witness; width = 6; size += 7;
    }
    if (n.id === data.focus) { border = "#000000"; width = 4; size += 8; }
    var faded = (now || before) === "possibly";
    var tip = nameOf(n.id) + "\n" + (n.kindLabel || "");
    if (diffing()) { tip += "\n" + (S["diff:" + mark] || mark); }
    else if (mark && S["mark:" + mark]) { tip += "\n" + S["mark:" + mark]; }
    if (faded) { tip += "\n" + S.possibly; }
    (n.flags || []).forEach(function (t) { tip += "\n⚠ " + t; });
    return { id: n.id, hidden: !shown, size: size, borderWidth: width, title: tip, mark: mark,
             opacity: faded ? 0.45 : 1,
             color: { background: fill, border: border, highlight: { background: fill, border: "#000000" },
                      hover: { background: fill, border: "#000000" } } };
  }

  function statusesOf(list) {
    var seen = {};
    list.forEach(function (x) { seen[x.m.status] = true; });
    return Object.keys(seen).sort();
  }
  function edgeLook(e) {
    var now = membersIn(e, state.frame), before = diffing() ? membersIn(e, state.compare) : [];
    var mark = e.mark || "";
    if (diffing()) {
      var a = statusesOf(before).join(","), b = statusesOf(now).join(",");
      mark = now.length && before.length ? (a === b ? "same" : "changed") : now.length ? "added" :
        before.length ? "removed" : "";
    }
    var list = now.length ? now : before;
    var ends = [byId[e.from], byId[e.to]];
    var shown = list.length > 0 && !state.hiddenLayers[e.layer] &&
      ends.every(function (n) { return n && onMap[n.id]; });
    var layer = ST.layers[e.layer] || ST.layers.unknown;
    var colour = layer.color, width = layer.width, dashes = false, opacity = 1;
    var conf = "memo", count = 0, glyphs = {}, possibly = list.length > 0;
    list.forEach(function (x) {
      if ((CONF_RANK[x.m.confidence] || 0) > CONF_RANK[conf]) { conf = x.m.confidence in CONF_RANK ? x.m.confidence : ""; }
      count += x.m.count || 1;
      if (ST.status[x.m.status]) { glyphs[ST.status[x.m.status]] = true; }
      if (x.when !== "possibly") { possibly = false; }
    });
    var confStyle = ST.confidence[conf] || ST.confidence[""];
    dashes = confStyle.dashes;
    opacity = confStyle.opacity;
    if (e.layer === "missing") { colour = ST.witness; dashes = [14, 8]; width += 3; }
    if (diffing()) {
      colour = ST.diff[mark] || ST.diff.same;
      if (mark && mark !== "same") { width = Math.max(width, 2.5); opacity = 1; }
    } else if (mark === "finding") {
      colour = ST.finding; width += 2; opacity = 1;
    } else if (mark === "witness") {
      colour = ST.witness; width += 3; opacity = 1;
    }
    if (possibly) { opacity = Math.min(opacity, 0.35); }
    if (count > 1) { width = Math.min(12, width + Math.log2(count)); }
    var label = (count > 1 ? "×" + count : "") + (Object.keys(glyphs).length ? (count > 1 ? " " : "") +
      Object.keys(glyphs).sort().join("") : "");
    var back = false;
    list.forEach(function (x) { if (x.m.from !== e.from) { back = true; } });
    var arrows = { to: { enabled: true, scaleFactor: e.layer === "structure" ? 0.5 : 0.9 },
                   from: { enabled: back, scaleFactor: 0.9 } };
    return { id: e.id, hidden: !shown, width: width, dashes: dashes, label: label || undefined, arrows: arrows,
             color: { color: colour, opacity: opacity, highlight: "#000000", hover: "#000000" },
             title: edgeTip(e, list, mark, before, conf, possibly), mark: mark, confidence: conf, count: count };
  }
  function edgeTip(e, list, mark, before, conf, possibly) {
    var tip = (e.relLabel || S["rel:" + e.relation] || e.relation || "") + ": " + nameOf(e.from) + " → " + nameOf(e.to);
    var statuses = statusesOf(list).map(function (s) { return S["status:" + s] || s; });
    if (e.relation === "channel" && statuses.length) { tip += " (" + statuses.join(", ") + ")"; }
    var count = 0;
    list.forEach(function (x) { count += x.m.count || 1; });
    if (count > 1) { tip += " ×" + count; }
    tip += "\n" + (S.confidence || "") + ": " + (S["confidence:" + conf] || conf);
    if (diffing() && mark) {
      tip += "\n" + (S["diff:" + mark] || mark);
      if (mark === "changed") {
        tip += " (" + statusesOf(before).join(", ") + " → " + statusesOf(list).join(", ") + ")";
      }
    } else if (mark && S["mark:" + mark]) { tip += "\n" + S["mark:" + mark]; }
    if (possibly) { tip += "\n" + S.possibly; }
    (e.flags || []).forEach(function (t) { tip += "\n⚠ " + t; });
    return tip;
  }

  // ---- size by -----------------------------------------------------------------------------------
  function measuresNow() { return data.measures ? data.measures[String(state.frame)] : null; }
  function sizeOf(n) {
    var base = n.size || 11;
    var m = measuresNow();
    if (state.size === "none" || !m) { return base; }
    var k = MEASURES.indexOf(state.size), key = state.frame + ":" + state.size;
    if (maxCache[key] === undefined) {
      var max = 0;
      Object.keys(m.values).forEach(function (id) { max = Math.max(max, m.values[id][k]); });
      maxCache[key] = max;
    }
    var v = m.values[n.id] ? m.values[n.id][k] : 0;
    return 6 + 24 * Math.sqrt(maxCache[key] ? v / maxCache[key] : 0);
  }

  // ---- network -------------------------------------------------------------------------------------
  // the first looks go in with the data: one pass for vis instead of an update of every item
  Object.assign(state, readFragment(), { selected: null, zoom: null, view: undefined });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var look = nodeLook(n);
    onMap[n.id] = !look.hidden;
    drawnNodes[n.id] = JSON.stringify(look);
    return Object.assign({ label: n.label, x: n.x, y: n.y, shape: n.shape || "dot", kind: n.kind }, look);
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var look = edgeLook(e);
    drawnEdges[e.id] = JSON.stringify(look);
    return Object.assign({ from: e.from, to: e.to, layer: e.layer,
                           smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } :
                             { enabled: false } }, look);
  }));
  var container = $("graph");
  var options = {
    autoResize: true,
    physics: { enabled: false, solver: "barnesHut", stabilization: { enabled: false },
               barnesHut: { gravitationalConstant: -8000, springLength: 160 } },
    layout: { randomSeed: 42, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 1500, multiselect: true },
    nodes: { font: { size: FONT, face: "DejaVu Sans, Arial, sans-serif", strokeWidth: 4, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 0, maxVisible: 40 } }, borderWidth: 1.5 },
    edges: { font: { size: 13, strokeWidth: 4, strokeColor: "#ffffff", color: "#1c2833" }, selectionWidth: 2,
             scaling: { label: { drawThreshold: 0 } } }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var flags = { physics: false, drawn: false, firstDrawMs: null, labelsShown: true, renders: 0, lastRenderMs: null };
  network.on("beforeDrawing", function (ctx) {  // white background, so the PNG is not transparent
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // ---- drawing: only what changed goes to vis ----------------------------------------------------
  function changedOnly(look, drawn) {
    var key = JSON.stringify(look);
    if (drawn[look.id] === key) { return null; }
    drawn[look.id] = key;
    return look;
  }
  function render() {
    var start = performance.now();
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var look = nodeLook(n);
      onMap[n.id] = !look.hidden;
      look = changedOnly(look, drawnNodes);
      if (look) { nodeUpdates.push(look); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    var edgeUpdates = [];
    data.edges.forEach(function (e) {
      var look = changedOnly(edgeLook(e), drawnEdges);
      if (look) { edgeUpdates.push(look); }
    });
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    var visible = visibleIds().length;
    $("empty").textContent = S.empty || "";
    $("empty").hidden = visible > 0;
    setTitle();
    var frame = data.frames[state.frame];
    $("subtitle").textContent = data.aggregated || data.frames.length < 2 ? data.subtitle || "" :
      (frame.label || frame.name) + " · " + visible + " " + (S.actors || "");
    $("diff-legend").hidden = !diffing();
    updateTimeStrip();
    updateDashboard();
    flags.renders += 1;
    flags.lastRenderMs = performance.now() - start;
    writeFragment();
  }

  // ---- fit: everything drawn, labels included, inside the canvas -------------------------------------
  function visibleIds() {
    return data.nodes.filter(function (n) { return onMap[n.id]; }).map(function (n) { return n.id; });
  }
  function boxOf(id, measured) {
    if (measured) {
      var b = network.getBoundingBox(id);
      if (b && isFinite(b.left)) { return b; }
    }
    var n = byId[id], w = n.box ? n.box[0] : 2 * (n.size || 11), h = n.box ? n.box[1] : 2 * (n.size || 11) + 20;
    return { left: n.x - w / 2, right: n.x + w / 2, top: n.y - (n.size || 11), bottom: n.y - (n.size || 11) + h };
  }
  function fitTo(ids, measured) {
    if (!ids.length) { return; }
    var box = null;
    ids.forEach(function (id) {
      var b = boxOf(id, measured);
      box = box ? { left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                    top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom) } : b;
    });
    var W = container.clientWidth, H = container.clientHeight, margin = 14;
    var scale = Math.min((W - 2 * margin) / Math.max(1, box.right - box.left),
                         (H - 2 * margin) / Math.max(1, box.bottom - box.top), MAX_SCALE);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, scale: scale,
                     animation: false });
    labelsForScale();
  }
  function fitVisible(measured) { fitTo(visibleIds(), measured); }
  function labelsForScale() {  // below the legible size, labels are not drawn and a hint says to zoom in
    var legible = FONT * network.getScale() >= MIN_FONT - 0.01;
    if (legible !== flags.labelsShown) {
      flags.labelsShown = legible;
      network.setOptions({ nodes: { scaling: { label: { drawThreshold: legible ? 0 : 1000 } } } });
    }
    $("zoom-hint").textContent = S.zoom_hint || "";
    $("zoom-hint").hidden = legible || visibleIds().length === 0;
  }
  network.on("zoom", function () { labelsForScale(); rememberZoom(); });
  network.on("resize", function () {  // the window or the panel changed the canvas (vis then rescales the view)
    window.requestAnimationFrame(function () {
      if (!state.zoom) {
        fitVisible(flags.drawn);  // not zoomed by hand: fit again
      } else if (!flags.drawn) {
        network.moveTo({ position: { x: state.zoom[1], y: state.zoom[2] }, scale: state.zoom[0], animation: false });
      } else {
        rememberZoom();
      }
      labelsForScale();
    });
  });
  function resized() { network.setSize(); }  // measure the canvas now (vis would notice within a second)
  network.on("dragEnd", function (p) { if (!p.nodes.length) { rememberZoom(); } });
  function rememberZoom() {
    var p = network.getViewPosition();
    state.zoom = [network.getScale(), p.x, p.y];
    writeFragment();
  }

  // ---- legend, filters, scenario switcher ------------------------------------------------------------
  var legend = $("legend");
  function section(title) { legend.appendChild(el("h2", null, title)); }
  function swatchRow(cls, color, label) {  // a legend row: a square of the colour, then the label
    var row = el("div", "row " + cls);
    var sw = el("span", "swatch");
    sw.style.background = color;
    row.appendChild(sw);
    row.appendChild(el("span", null, label));
    return row;
  }
  function checkbox(kind, key, checked, onChange) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.setAttribute("data-" + kind, key);
    box.addEventListener("change", function () { onChange(box.checked); });
    return box;
  }
  var controls = {};
  if (data.frames.length > 1) {
    section(S.scenario || "Scenario");
    var pick = el("select");
    pick.id = "scenario";
    data.frames.forEach(function (f, i) {
      var o = el("option", null, f.label ? f.label + " (" + f.name + ")" : f.name);
      o.value = String(i);
      pick.appendChild(o);
    });
    pick.addEventListener("change", function () { state.frame = Number(pick.value); maxCache = {}; render(); });
    legend.appendChild(pick);
    var diffRow = el("label", "row");
    var diffBox = checkbox("diff", "diff", state.diff, function (on) {
      state.diff = on;
      if (on && state.compare === null) { state.compare = state.frame > 0 ? state.frame - 1 : 1; }
      comparePick.disabled = !on;
      render();
    });
    diffBox.id = "diff";
    diffRow.appendChild(diffBox);
    diffRow.appendChild(el("span", null, S.compare || "Compare"));
    legend.appendChild(diffRow);
    var comparePick = el("select");
    comparePick.id = "compare";
    data.frames.forEach(function (f, i) {
      var o = el("option", null, f.name);
      o.value = String(i);
      comparePick.appendChild(o);
    });
    comparePick.addEventListener("change", function () { state.compare = Number(comparePick.value); render(); });
    legend.appendChild(comparePick);
    controls.frame = pick;
    controls.diff = diffBox;
    controls.compare = comparePick;
  }
  var dashSlot = el("div");  // who is central: near the top, where it is seen
  legend.appendChild(dashSlot);
  if (data.legend.kinds.length) { section(S.kinds || "Kinds"); }
  controls.kinds = {};
  data.legend.kinds.forEach(function (k) {
    var row = el("label", "kind-row");
    var box = checkbox("kind", k.kind, !state.hiddenKinds[k.kind], function (on) {
      state.hiddenKinds[k.kind] = !on;
      render();
    });
    controls.kinds[k.kind] = box;
    row.appendChild(box);
    var glyph = el("span", "glyph", k.glyph);
    glyph.style.color = k.color;
    row.appendChild(glyph);
    row.appendChild(el("span", "kind-label", k.label));
    legend.appendChild(row);
  });
  controls.layers = {};
  if (data.legend.layers.length) {
    section(S.layers || "Layers");
    data.legend.layers.forEach(function (l) {
      var row = el("label", "layer-row");
      if (l.layer !== "missing") {
        var box = checkbox("layer", l.layer, !state.hiddenLayers[l.layer], function (on) {
          state.hiddenLayers[l.layer] = !on;
          render();
        });
        controls.layers[l.layer] = box;
        row.appendChild(box);
      }
      var line = el("span", "line");
      line.style.borderTopColor = l.color;
      line.style.borderTopWidth = Math.max(1, Math.round(l.width)) + "px";
      if (l.layer === "missing") { line.style.borderTopStyle = "dashed"; }
      row.appendChild(line);
      row.appendChild(el("span", null, l.label));
      legend.appendChild(row);
    });
  }
  if (data.legend.confidences && data.legend.confidences.length) {
    section(S.confidences || "Source");
    data.legend.confidences.forEach(function (c) {
      var row = el("div", "row confidence-row");
      row.setAttribute("data-confidence", c.confidence);
      var line = el("span", "line");
      var look = ST.confidence[c.confidence] || ST.confidence[""];
      line.style.borderTopColor = "#1f4e9c";
      line.style.borderTopStyle = look.dashes ? (c.confidence === "" ? "dotted" : "dashed") : "solid";
      line.style.opacity = String(look.opacity);
      row.appendChild(line);
      row.appendChild(el("span", null, c.label));
      legend.appendChild(row);
    });
    var srcRow = el("label", "row");
    var srcBox = checkbox("sourced", "sourced", state.sourced, function (on) { state.sourced = on; render(); });
    srcBox.id = "sourced";
    controls.sourced = srcBox;
    srcRow.appendChild(srcBox);
    srcRow.appendChild(el("span", null, S.sourced || "Only sourced facts"));
    legend.appendChild(srcRow);
  }
  if (data.legend.statuses.some(function (s) { return s.glyph; })) {
    section(S.statuses || "Status");
    data.legend.statuses.forEach(function (s) {
      var row = el("div", "row status-row");
      row.appendChild(el("span", "mark", s.glyph || "—"));
      row.appendChild(el("span", null, s.label));
      legend.appendChild(row);
    });
  }
  var diffLegend = el("div");
  diffLegend.id = "diff-legend";
  diffLegend.appendChild(el("h2", null, S.diff || "Changes"));
  (data.legend.diff || []).forEach(function (d) {
    diffLegend.appendChild(swatchRow("diff-row", d.color, d.label));
  });
  legend.appendChild(diffLegend);
  if (data.mode === "findings") {
    section(S.findings || "Findings");
    (data.findings.length ? data.legend.marks || [] : []).forEach(function (m) {
      legend.appendChild(swatchRow("mark-row", m.color, m.label));
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

  // ---- dashboard: who is central ----------------------------------------------------------------
  var dashboard = el("div");
  dashboard.id = "dashboard";
  dashboard.appendChild(el("h2", null, S.dashboard || "Who is central"));
  var sizeRow = el("label", "row");
  sizeRow.appendChild(el("span", null, S.size_by || "Size by"));
  var sizePick = el("select");
  sizePick.id = "size-by";
  ["none"].concat(MEASURES).forEach(function (k) {
    var o = el("option", null, S["measure:" + k] || k);
    o.value = k;
    sizePick.appendChild(o);
  });
  sizePick.addEventListener("change", function () { state.size = sizePick.value; render(); });
  sizeRow.appendChild(sizePick);
  dashboard.appendChild(sizeRow);
  var dashBody = el("div");
  dashBody.id = "dashboard-body";
  dashboard.appendChild(dashBody);
  dashSlot.appendChild(dashboard);
  legend.appendChild(el("p", "meta", S.hint));
  controls.size = sizePick;

  function updateDashboard() {
    while (dashBody.firstChild) { dashBody.removeChild(dashBody.firstChild); }
    var m = measuresNow();
    sizePick.disabled = !m;
    if (!m) { dashBody.appendChild(el("div", "meta", S.no_measures)); return; }
    var table = el("table");
    [["density", m.network.density, 4], ["diameter", m.network.diameter, 0],
     ["avg_path", m.network.average_path_length, 2], ["communities", m.network.communities, 0]].forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, S[r[0]] || r[0]));
      var v = r[1] === null || r[1] === undefined ? "–" : Number(r[1]).toFixed(r[2]);
      var td = el("td", "v", v);
      td.setAttribute("data-measure", r[0]);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    dashBody.appendChild(table);
    var k = MEASURES.indexOf(state.size === "none" ? "betweenness" : state.size);
    var ranked = Object.keys(m.values).filter(function (id) { return byId[id]; })
      .sort(function (a, b) { return m.values[b][k] - m.values[a][k] || (nameOf(a) < nameOf(b) ? -1 : 1); })
      .slice(0, 5);
    dashBody.appendChild(el("div", "meta", S["measure:" + MEASURES[k]]));
    var ol = el("ol");
    ol.id = "top-actors";
    ranked.forEach(function (id) {
      var li = el("li");
      li.setAttribute("data-id", id);
      var a = el("a", null, nameOf(id));
      a.addEventListener("click", function () { select(id); });
      li.appendChild(a);
      var value = m.values[id][k];
      li.appendChild(el("span", "meta", " " + (k === 0 || k === 3 ? String(value) : Number(value).toFixed(3))));
      ol.appendChild(li);
    });
    dashBody.appendChild(ol);
  }

  function setDate(day) {
    document.body.setAttribute("data-date", day || "");
    if (day && time) {
      if (day < time.first) { day = time.first; }
      if (day > time.last) { day = time.last; }
    }
    state.date = day;
    render();
  }
  function nearestEvent(day) {
    var best = -1, bestDistance = Infinity, d = dayNumber(day);
    time.events.forEach(function (ev, i) {
      var a = dayNumber(ev.from), b = dayNumber(ev.to);
      var distance = d < a ? a - d : d > b ? d - b : 0;
      if (distance < bestDistance) { best = i; bestDistance = distance; }
    });
    return best;
  }
  function updateTimeStrip() {
    if (!time) { return; }
    var day = state.date;
    slider.value = String(day ? dayNumber(day) - dayNumber(time.first) : 0);
    slider.classList.toggle("off", !day);
    dateBox.value = day || "";
    var nearest = day ? nearestEvent(day) : -1;
    var items = strip.children;
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("nearest", i === nearest);
      items[i].classList.toggle("past", !!day && time.events[i].from <= day && i !== nearest);
    }
    if (nearest >= 0) {
      var item = items[nearest];
      strip.scrollLeft = Math.max(0, item.offsetLeft - strip.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2);
    }
  }
  var playing = null;
  function play() {
    var at = state.date || time.first;
    playing = window.setInterval(function () {
      var next = stops.filter(function (d) { return d > at; })[0];
      if (!next) { stopPlaying(); return; }
      at = next;
      setDate(next);
    }, 900);
    $("btn-play").textContent = S.pause || "Pause";
    $("btn-play").setAttribute("aria-pressed", "true");
  }
  function stopPlaying() {
    if (playing) { window.clearInterval(playing); }
    playing = null;
    $("btn-play").textContent = S.play || "Play";
    $("btn-play").setAttribute("aria-pressed", "false");
  }

  // ---- side panel ---------------------------------------------------------------------------------
  var panel = $("panel");
  function clearPanel() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    ["data-node", "data-edge", "data-finding"].forEach(function (a) { panel.removeAttribute(a); });
    var close = el("button", "close", S.close);
    close.style.float = "right";
    close.addEventListener("click", function () {
      panel.hidden = true;
      resized();
      network.unselectAll();
      state.selected = null;
      writeFragment();
    });
    panel.appendChild(close);
    if (panel.hidden) {
      panel.hidden = false;
      resized();
    }
  }
  function confidenceBadge(conf) {
    return el("span", "conf conf-" + (conf || "none"), S["confidence:" + (conf || "")] || conf);
  }
  function sourceBlock(parent, ref) {
    var src = cite(ref);
    var meta = el("div", "meta");
    meta.appendChild(document.createTextNode((S.confidence || "") + ": "));
    meta.appendChild(confidenceBadge(src.confidence));
    if (src.key) { meta.appendChild(document.createTextNode(" [" + src.key + "]")); }
    parent.appendChild(meta);
    if (src.quote) { parent.appendChild(el("blockquote", "quote", src.quote)); }
    if (src.reasoning) { parent.appendChild(el("div", "meta reasoning", S.reasoning + ": " + src.reasoning)); }
  }
  function relationItem(e, outgoing, list) {
    var li = el("li", "relation");
    var other = outgoing ? e.to : e.from;
    var text = (e.relLabel || e.relation) + (outgoing ? " → " : " ← ") + nameOf(other);
    var statuses = statusesOf(list).map(function (s) { return S["status:" + s] || s; });
    if (e.relation === "channel" && statuses.length) { text += " (" + statuses.join(", ") + ")"; }
    var via = [];
    list.forEach(function (x) { x.m.via.forEach(function (v) { via.push(nameOf(v)); }); });
    if (via.length) { text += " " + S.via + " " + via.join(", "); }
    var link = el("a", "relation-link", text);
    link.href = "#";
    link.addEventListener("click", function (ev) { ev.preventDefault(); select(other); });
    li.appendChild(link);
    list.forEach(function (x) { if (x.m.sources.length) { sourceBlock(li, x.m.sources[0]); } });
    return li;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clearPanel();
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", "label", nameOf(id)));
    panel.appendChild(el("div", "kind", (S.kind || "") + ": " + (n.kindLabel || "")));
    if (n.confidence !== undefined) {
      var conf = el("div", "meta node-confidence");
      conf.appendChild(document.createTextNode((S.confidence || "") + ": "));
      conf.appendChild(confidenceBadge(n.confidence));
      panel.appendChild(conf);
    }
    if (n.entry) { panel.appendChild(el("span", "badge", S.entry_point)); }
    if (n.in.indexOf(state.frame) < 0) { panel.appendChild(el("div", "meta", S.not_in_frame)); }
    panel.appendChild(el("h3", null, S.labels));
    var labels = el("ul", "labels");
    labels.appendChild(el("li", null, "da: " + n.labels.da));
    labels.appendChild(el("li", null, "en: " + n.labels.en));
    panel.appendChild(labels);
    panel.appendChild(el("div", "iri", (n.shortId || id) + " — " + id));
    if (served() && /^https?:\/\//.test(id) && !n.members && data.actorQuery) {
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
    var outs = [], ins = [];
    data.edges.forEach(function (e) {
      var list = membersIn(e, state.frame);
      if (!list.length) { return; }
      if (e.from === id) { outs.push([e, list.filter(function (x) { return x.m.from === id; }), list]); }
      if (e.to === id) { ins.push([e, list.filter(function (x) { return x.m.to === id; }), list]); }
      if (e.to === id && e.from !== id) {
        var back = list.filter(function (x) { return x.m.from === id; });
        if (back.length) { outs.push([e, back, list]); }
      }
    });
    [[S.outgoing, outs, true], [S.incoming, ins, false]].forEach(function (part) {
      var items = part[1].filter(function (x) { return x[1].length; });
      panel.appendChild(el("h3", null, part[0] + " (" + items.length + ")"));
      var list = el("ul", part[2] ? "outgoing" : "incoming");
      if (!items.length) { list.appendChild(el("li", null, S.none)); }
      items.forEach(function (x) {
        var e = x[0];
        var flipped = { relLabel: e.relLabel, relation: e.relation, from: part[2] ? id : e.from === id ? e.to : e.from,
                        to: part[2] ? (e.from === id ? e.to : e.from) : id };
        list.appendChild(relationItem(flipped, part[2], x[1]));
      });
      panel.appendChild(list);
    });
    panel.appendChild(el("h3", null, S.facts + " (" + n.facts.length + ")"));
    var facts = el("div", "facts");
    if (!n.facts.length) { facts.appendChild(el("div", null, S.none)); }
    n.facts.forEach(function (f) {
      var div = el("div", "fact");
      div.appendChild(el("strong", null, f.fact));
      sourceBlock(div, f.c === undefined ? f : f.c);
      facts.appendChild(div);
    });
    panel.appendChild(facts);
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    clearPanel();
    panel.setAttribute("data-edge", id);
    var list = membersIn(e, state.frame);
    if (!list.length && diffing()) { list = membersIn(e, state.compare); }
    panel.appendChild(el("h2", "label", e.relLabel || e.relation));
    panel.appendChild(el("div", null, nameOf(e.from) + " → " + nameOf(e.to)));
    panel.appendChild(el("h3", null, (S.members_here || "") + " (" + list.length + ")"));
    list.forEach(function (x) {
      var div = el("div", "member");
      div.setAttribute("data-member", x.id);
      div.appendChild(el("div", null, nameOf(x.m.from) + " → " + nameOf(x.m.to)));
      if (e.relation === "channel") {
        div.appendChild(el("div", "kind", S.status + ": " + (S["status:" + x.m.status] || x.m.status)));
      }
      if (x.when === "possibly") { div.appendChild(el("div", "meta", S.possibly)); }
      if (x.m.via.length) { div.appendChild(el("div", null, S.via + ": " + x.m.via.map(nameOf).join(", "))); }
      div.appendChild(el("div", "iri", x.m.id));
      if (!x.m.sources.length) { sourceBlock(div, { confidence: x.m.confidence }); }
      x.m.sources.forEach(function (s) { var d = el("div", "fact"); sourceBlock(d, s); div.appendChild(d); });
      panel.appendChild(div);
    });
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
    var ids = f.nodes.filter(function (n) { return byId[n]; });
    var lines = [];
    f.edges.forEach(function (m) { if (bundleOf[m] && lines.indexOf(bundleOf[m]) < 0) { lines.push(bundleOf[m]); } });
    network.setSelection({ nodes: ids, edges: lines }, { unselectAll: true, highlightEdges: false });
    if (ids.length) { fitTo(ids, true); rememberZoom(); }
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      state.selected = params.nodes[0];
      showNode(params.nodes[0]);
      writeFragment();
    } else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // ---- search -------------------------------------------------------------------------------------
  function norm(s) { return String(s || "").toLocaleLowerCase("da").normalize("NFC").trim(); }
  function search(query) {
    var q = norm(query);
    if (!q) { return []; }
    var hits = [];
    data.nodes.forEach(function (n) {
      if (!onMap[n.id]) { return; }
      var best = 9;
      [n.labels.da, n.labels.en, n.shortId].forEach(function (text) {
        var t = norm(text);
        var r = t === q ? 0 : t.indexOf(q) === 0 ? 1 : (" " + t).indexOf(" " + q) >= 0 ? 2 : t.indexOf(q) >= 0 ? 3 : 9;
        if (r < best) { best = r; }
      });
      if (best < 9) { hits.push([best, norm(nameOf(n.id)), n.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits.map(function (h) { return h[2]; });
  }
  function select(id, keepView) {
    if (!byId[id]) { return false; }
    state.selected = id;
    network.selectNodes([id]);
    if (!keepView) {
      network.focus(id, { scale: Math.max(network.getScale(), MIN_FONT / FONT + 0.05), animation: false });
      labelsForScale();
      rememberZoom();
    }
    showNode(id);
    writeFragment();
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
      li.appendChild(el("span", null, nameOf(id)));
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

  // ---- views menu (served pages: the other maps of this server, carrying the state) ----------------
  var VIEW_NAMES = ["overview", "strategic", "operational", "diff", "findings"];
  if (served()) {
    var menu = $("view-menu");
    menu.setAttribute("aria-label", S.view || "View");
    var names = VIEW_NAMES.filter(function (v) { return v !== "diff" || data.frames.length > 1; });
    if (data.view && names.indexOf(data.view) < 0) { names.unshift(data.view); }
    names.forEach(function (v) {
      var o = el("option", null, (S["view:" + v] || v));
      o.value = v;
      menu.appendChild(o);
    });
    menu.value = data.view || "overview";
    menu.addEventListener("change", function () { window.location.assign(viewUrl(menu.value)); });
  }
  function viewUrl(view) {
    var params = new URLSearchParams(window.location.search);
    params.set("scenario", data.frames[state.frame].name);
    var hash = new URLSearchParams(fragment());
    hash.set("v", view);
    return "/maps/" + encodeURIComponent(view).replace(/%3A/g, ":") + "?" + params.toString() + "#" + hash.toString();
  }

  // ---- buttons ----------------------------------------------------------------------------------------
  $("btn-fit").addEventListener("click", function () { fitVisible(true); rememberZoom(); });
  $("btn-physics").addEventListener("click", function () {
    flags.physics = !flags.physics;
    network.setOptions({ physics: { enabled: flags.physics } });
    $("btn-physics").setAttribute("aria-pressed", String(flags.physics));
  });
  function pngDataUrl() { return container.querySelector("canvas").toDataURL("image/png"); }
  $("btn-png").addEventListener("click", function () {
    var a = el("a");
    a.download = (data.filename || "graf-map") + ".png";
    a.href = pngDataUrl();
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // ---- apply a state (from the fragment, or a link pasted into this tab) -----------------------------
  function apply(wanted) {
    ["frame", "compare", "diff", "hiddenKinds", "hiddenLayers", "sourced", "date", "size"].forEach(function (k) {
      if (wanted[k] !== undefined) { state[k] = wanted[k]; }
    });
    if (state.diff && state.compare === null && data.frames.length > 1) { state.compare = state.frame > 0 ? 0 : 1; }
    if (controls.frame) {
      controls.frame.value = String(state.frame);
      controls.diff.checked = state.diff;
      controls.compare.value = String(state.compare === null ? 0 : state.compare);
      controls.compare.disabled = !state.diff;
    }
    Object.keys(controls.kinds).forEach(function (k) { controls.kinds[k].checked = !state.hiddenKinds[k]; });
    Object.keys(controls.layers).forEach(function (l) { controls.layers[l].checked = !state.hiddenLayers[l]; });
    if (controls.sourced) { controls.sourced.checked = state.sourced; }
    controls.size.value = state.size;
    render();
    if (wanted.selected) { select(wanted.selected, true); }
    if (wanted.zoom) {
      state.zoom = wanted.zoom;
      network.moveTo({ position: { x: wanted.zoom[1], y: wanted.zoom[2] }, scale: wanted.zoom[0], animation: false });
      labelsForScale();
      writeFragment();
    }
  }
  var wanted = readFragment();
  if (wanted.view && data.view && wanted.view !== data.view) {
    if (served()) {
      window.location.replace(viewUrl(wanted.view));
    } else {
      $("notes").appendChild(el("div", "note", fmt(S.other_view || "{v} / {w}", { v: wanted.view, w: data.view })));
    }
  }
  apply(Object.assign({}, wanted, { zoom: undefined }));
  if (!wanted.zoom) { fitVisible(false); } else { apply({ zoom: wanted.zoom }); }
  window.addEventListener("hashchange", function () {
    if (!writing) { var w = readFragment(); apply(w); if (!w.zoom) { fitVisible(true); } }
  });
  network.once("afterDrawing", function () {
    if (!wanted.zoom) { fitVisible(true); }
    network.once("afterDrawing", function () {
      flags.drawn = true;
      flags.firstDrawMs = performance.now();
      document.body.setAttribute("data-drawn", "true");  // for tests and tools: wait on this, no polling
    });
    network.redraw();
  });

  window.grafMap = { network: network, nodes: nodes, edges: edges, data: data, state: flags, view: state,
                     search: search, select: select, showFinding: showFinding, pngDataUrl: pngDataUrl,
                     setDate: setDate, render: render, fit: fitVisible, fragment: fragment, apply: apply,
                     membersIn: membersIn, play: play, stop: stopPlaying };
}());
