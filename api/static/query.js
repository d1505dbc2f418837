// The query page: YASGUI (api/static/vendor/yasgui) set up for graf, with nothing that phones home.
//
// * the endpoint is this server's /sparql, for every tab (also tabs kept from another visit);
//   the endpoint catalogue offers only it;
// * completion: variables, graf's prefixes (a PREFIX line is added when one is typed), and the
//   classes and properties of the ontology graph, from the page's own JSON; YASQE's built-in class
//   and property completers ask lov.linkeddata.es and are switched off (and emptied);
// * the example catalogue opens each example in a tab and runs it; an example with parameters runs
//   through /queries/{name}?param=..., which binds the values as RDF terms on the server;
// * /query?query=TEXT opens TEXT in a tab and runs it; a tab's share button gives such a link.
// Every text from data goes into the page with textContent (never innerHTML).
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("graf-query").textContent);
  const words = config.words;
  const Yasqe = Yasgui.Yasqe;
  const endpoint = new URL(config.endpoint, window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;

  // -- completion from graf's own prefixes and ontology ----------------------------------------------
  const labels = {};
  for (const [iri, label] of config.classes.concat(config.properties)) labels[iri] = label;

  function prefixesOf(yasqe) {  // graf's prefixes, overridden by the query's own
    return Object.assign({}, config.prefixes, yasqe.getPrefixesFromQuery());
  }
  function expand(yasqe, text) {  // "graf:Adm" or "<https://..." -> the IRI it starts
    if (text.startsWith("<")) return text.slice(1).replace(/>$/, "");
    const colon = text.indexOf(":");
    const prefixes = prefixesOf(yasqe);
    if (colon >= 0 && prefixes[text.slice(0, colon)] !== undefined) return prefixes[text.slice(0, colon)] + text.slice(colon + 1);
    return text;
  }
  function termCompleter(base, name, terms) {
    const builtIn = Yasqe.Autocompleters[base];
    return {
      name: name,
      bulk: false,
      autoShow: true,
      persistenceId: null,
      isValidCompletionPosition: builtIn.isValidCompletionPosition,
      preProcessToken: function (yasqe, token) {
        const t = builtIn.preProcessToken(yasqe, token);
        if (t.tokenPrefix && !t.tokenPrefixUri) {  // a graf prefix the query does not declare (yet)
          const iri = prefixesOf(yasqe)[t.tokenPrefix.slice(0, -1)];
          if (iri !== undefined) {
            t.tokenPrefixUri = iri;
            t.autocompletionString = iri + t.string.slice(t.tokenPrefix.length);
          }
        }
        return t;
      },
      postProcessSuggestion: builtIn.postProcessSuggestion,
      get: function (yasqe, token) {
        const start = expand(yasqe, (token && (token.autocompletionString || token.string)) || "");
        return terms.filter(([iri]) => iri.startsWith(start)).map(([iri]) => iri);
      },
      postprocessHints: function (yasqe, hints) {
        for (const hint of hints) {
          const label = labels[expand(yasqe, hint.text)];
          if (label) hint.displayText = hint.text + " — " + label;
        }
        return hints;
      },
    };
  }
  const prefixLines = Object.keys(config.prefixes).sort().map((p) => p + ": <" + config.prefixes[p] + ">");
  Yasqe.forkAutocompleter("prefixes", { name: "graf-prefixes", persistenceId: null, get: () => prefixLines }, false);
  Yasqe.registerAutocompleter(termCompleter("class", "graf-class", config.classes), false);
  Yasqe.registerAutocompleter(termCompleter("property", "graf-property", config.properties), false);
  for (const lookup of ["class", "property"]) Yasqe.Autocompleters[lookup].get = () => [];  // never ask LOV
  Yasgui.defaults.yasqe.autocompleters = ["variables", "graf-prefixes", "graf-class", "graf-property"];
  Yasgui.defaults.yasqe.value = config.defaultQuery;
  Yasgui.defaults.yasqe.prefixCcApi = null;

  // the share button: a /query?query=... link on this server (not YASGUI's #query=...&endpoint=... one)
  function shareLink(text) {
    const link = new URL(config.home, window.location.href);
    link.searchParams.set("query", text);
    return link.href;
  }
  Yasgui.Tab.prototype.getShareableLink = function () { return shareLink(this.getQuery()); };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: "graf-query",
    tabName: words.tab_name,
    populateFromUrl: false,  // ?query= is read below, so that ?lang= is not sent to the endpoint
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    requestConfig: { endpoint: endpoint, method: "POST" },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });
  for (const id of yasgui.persistentConfig.getTabs()) {  // tabs kept from another server or port
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }

  function openTab(name, text) {
    yasgui.addTab(true, { name: name, yasqe: { value: text }, requestConfig: { endpoint: endpoint } },
                  { avoidDuplicateTabs: true });
    return yasgui.getTab();
  }

  // -- the example catalogue ----------------------------------------------------------------------------
  function showStatus(form, text, isError) {
    const status = form.querySelector(".param-status");
    status.replaceChildren();
    status.className = "param-status" + (isError ? " error" : "");
    if (typeof text === "string") status.textContent = text; else status.append(text);
  }

  async function runWithParameters(name, form) {
    const tab = openTab(config.examples[name].title, config.examples[name].text);
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) {
      if (input.value.trim() !== "") params.append(input.name, input.value);  // empty: missing (the server says so)
    }
    const address = "/queries/" + encodeURIComponent(name) + (params.toString() ? "?" + params : "");
    showStatus(form, "…", false);
    const started = performance.now();
    try {
      const response = await fetch(address, { headers: { Accept: "application/sparql-results+json" } });
      const body = await response.text();
      if (!response.ok) {
        let message = response.status + " " + response.statusText;
        try { message = JSON.parse(body).error.message; } catch (e) { /* not our JSON error */ }
        showStatus(form, message, true);
        return;
      }
      tab.getYasr().setResponse({ data: body, contentType: response.headers.get("Content-Type"), status: 200,
                                  executionTime: Math.round(performance.now() - started) });
      const link = document.createElement("a");
      link.href = address;
      link.textContent = words.results_link;
      showStatus(form, link, false);
    } catch (error) {
      showStatus(form, String(error), true);
    }
  }

  for (const button of document.querySelectorAll("#catalogue button.open")) {
    button.addEventListener("click", () => {
      const name = button.dataset.name;
      const example = config.examples[name];
      const form = document.querySelector('form.params[data-name="' + CSS.escape(name) + '"]');
      if (example.parameters.length && form) {
        if (form.checkValidity()) runWithParameters(name, form);
        else { openTab(example.title, example.text); form.reportValidity(); }
        return;
      }
      openTab(example.title, example.text).query().catch(() => {});
    });
  }
  for (const form of document.querySelectorAll("#catalogue form.params")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      runWithParameters(form.dataset.name, form);
    });
  }

  // -- /query?query=TEXT: open it in a tab and run it ----------------------------------------------------
  const here = new URL(window.location.href);
  const shared = here.searchParams.get("query");
  if (shared) {
    openTab(words.shared_query, shared).query().catch(() => {});
    here.searchParams.delete("query");  // a reload shows the kept tab instead of adding another
    window.history.replaceState(null, "", here.pathname + here.search);
  }
  window.grafQuery = { yasgui: yasgui, ready: true, readyMs: performance.now(), shareLink: shareLink };
  document.documentElement.dataset.grafQuery = "ready";  // for tests and the benchmark: set up, interactive
})();
