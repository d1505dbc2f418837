// Lists the operations of /openapi.json (used when Swagger UI's files are not installed).
"use strict";
fetch("/openapi.json").then((r) => r.json()).then((spec) => {
  const list = document.getElementById("ops");
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = method.toUpperCase() + " " + path;
      item.append(code, " " + (op.summary || ""));
      list.append(item);
    }
  }
});
