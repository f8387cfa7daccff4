(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var table = document.getElementById("clusters");
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function key(row, col, kind) {
    var cell = row.cells[col];
    var value = cell.getAttribute("data-value") || cell.textContent;
    return kind === "num" ? parseFloat(value) : value.toLowerCase();
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    var kind = th.getAttribute("data-sort");
    if (!kind) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = key(x, col, kind), b = key(y, col, kind);
        var order = a < b ? -1 : a > b ? 1 : key(x, 0, "num") - key(y, 0, "num");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  var box = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.cluster"));
  var rowOf = {};
  Array.prototype.forEach.call(body.rows, function (row) {
    rowOf[row.getAttribute("data-cluster")] = row;
  });
  var haystack = null;
  box.parentNode.parentNode.hidden = false;
  box.addEventListener("input", function () {
    if (haystack === null) {
      haystack = sections.map(function (s) { return s.textContent.toLowerCase(); });
    }
    var query = box.value.trim().toLowerCase();
    var count = 0;
    sections.forEach(function (section, n) {
      var match = !query || haystack[n].indexOf(query) >= 0;
      section.hidden = !match;
      rowOf[section.id].hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = query ? count + " of " + sections.length + " clusters" : "";
  });
}());
