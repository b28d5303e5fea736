// PlanWatch page behaviour. Loaded from /static (the CSP allows no inline script): charts read
// their data from the page's JSON twin named in data-source; htmx requests carry the CSRF token.
(function () {
  "use strict";

  function csrfToken() {
    return document.body.getAttribute("data-csrf") || "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) { event.detail.headers["X-CSRF-Token"] = token; }
  });

  var cache = {};
  function fetchJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
    }
    return cache[url];
  }

  function drawChart(el) {
    if (typeof echarts === "undefined") { return; }
    var key = el.getAttribute("data-key"), xk = el.getAttribute("data-x"), yk = el.getAttribute("data-y");
    var limit = parseInt(el.getAttribute("data-limit") || "0", 10);
    var horizontal = el.getAttribute("data-chart") === "hbar";
    fetchJSON(el.getAttribute("data-source")).then(function (data) {
      var rows = data[key] || [];
      if (limit) { rows = rows.slice(0, limit); }
      var labels = rows.map(function (r) { return r[xk]; });
      var values = rows.map(function (r) { return r[yk]; });
      if (horizontal) { labels.reverse(); values.reverse(); }
      var chart = echarts.init(el, null, { renderer: "svg" });
      var cat = { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 12 } };
      var val = { type: "value", minInterval: 1 };
      chart.setOption({
        color: ["#8f1d21"],
        grid: { left: horizontal ? 150 : 40, right: 20, top: 10, bottom: horizontal ? 30 : 60 },
        tooltip: { trigger: "axis" },
        xAxis: horizontal ? val : Object.assign(cat, { axisLabel: { interval: 0, rotate: 40, fontSize: 12 } }),
        yAxis: horizontal ? cat : val,
        series: [{ type: "bar", data: values, barMaxWidth: 28 }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }).catch(function () { el.textContent = "图表数据加载失败。"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(drawChart);
  });
})();
