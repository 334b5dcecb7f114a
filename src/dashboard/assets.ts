/** The dashboard's stylesheet, inlined so the page needs nothing else. */
export const DASHBOARD_STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b2631; background: #f4f6f7; }
header { background: #1b2631; color: #fff; padding: 12px 24px; }
header h1 { margin: 0; font-size: 20px; } header p { margin: 4px 0 0; color: #d5d8dc; }
main { padding: 16px 24px; }
section { background: #fff; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
section.pair { display: flex; flex-wrap: wrap; gap: 24px; }
h2 { font-size: 15px; margin: 0 0 8px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; background: none; padding: 0; }
.tile { background: #fff; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
.tile b { display: block; font-size: 22px; } .tile span { color: #566573; font-size: 12px; }
svg .label, svg .value, svg .tick, svg .tick-left { font-size: 12px; fill: #1b2631; }
svg .tick { text-anchor: middle; } svg .axis { stroke: #aab7b8; }
svg .track { fill: #eaeded; } svg .full { fill: #1e8449; } svg .partial { fill: #d68910; }
table { border-collapse: collapse; } th, td { padding: 4px 8px; border-bottom: 1px solid #eaeded; }
th { text-align: left; font-weight: 600; } table.sortable th { cursor: pointer; }
.heatmap td { text-align: center; min-width: 64px; }
.heat { color: #fff; padding: 2px 6px; } .heat.fail { background: #c0392b; }
.heat.unknown { background: #d68910; } .heat.pass { background: #1e8449; }
.heat.never-evaluated { background: #7f8c8d; } .legend span { margin-right: 6px; }
`;

/** Sorting of tables by a click on a column header; no other behaviour. */
export const DASHBOARD_SCRIPT = `
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("data-sorted") !== "asc";
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent, y = b.cells[index].textContent;
      var n = Number(x) - Number(y);
      var order = isNaN(n) ? x.localeCompare(y) : n;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    th.setAttribute("data-sorted", ascending ? "asc" : "desc");
  });
});
`;
