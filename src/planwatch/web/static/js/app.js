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

// 规划文本, 任务分工 and 导入: the reader's item panel, in-place task editing, upload progress.
// Every action here also works without JavaScript (links and plain forms); this only spares reloads.
(function () {
  "use strict";

  // htmx would add a <style> element for its indicators, which the CSP refuses; app.css has the rules.
  if (typeof htmx !== "undefined") { htmx.config.includeIndicatorStyles = false; }

  function toast(message) {
    var box = document.getElementById("pw-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "pw-toast";
      box.className = "toast";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 8000);
  }

  function errorText(xhr) {
    try {
      var data = JSON.parse(xhr.responseText);
      if (data && data.error) { return data.error + (data.hint ? "（" + data.hint + "）" : ""); }
    } catch (e) { /* not JSON: fall through */ }
    return "操作失败（" + xhr.status + "），请刷新页面后重试。";
  }

  // A form sent back with its error (header X-PlanWatch-Fragment) is swapped in like a success;
  // any other refusal (no permission, expired CSRF token) is announced without touching the page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status < 400) { return; }
    if (xhr.getResponseHeader("X-PlanWatch-Fragment")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (!event.detail.shouldSwap) {
      toast(errorText(xhr));
    }
  });
  document.addEventListener("htmx:sendError", function () { toast("无法连接服务器，请检查网络后重试。"); });

  // -- the reader ---------------------------------------------------------------------------------
  function markOf(ref) {
    var el = ref ? document.getElementById(ref) : null;
    return el && el.matches("mark.hl") ? el : null;
  }

  function setCurrent(mark) {
    document.querySelectorAll("mark.hl.current").forEach(function (m) { m.classList.remove("current"); });
    if (mark) { mark.classList.add("current"); }
  }

  function showDetail(mark, url) {
    var body = document.getElementById("detail-body");
    if (!body || typeof htmx === "undefined") { window.location.href = url; return; }
    setCurrent(mark);
    htmx.ajax("GET", url, { target: "#detail-body", swap: "innerHTML" }).then(function () {
      var panel = document.getElementById("detail");
      var box = panel.getBoundingClientRect();
      if (box.top > window.innerHeight || box.bottom < 0) { panel.scrollIntoView({ block: "start" }); }
    });
  }

  function goTo(mark) {
    setCurrent(mark);
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    if (history.replaceState) { history.replaceState(null, "", "#" + mark.id); }
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark.hl") : null;
    if (mark) {
      showDetail(mark, mark.getAttribute("data-detail"));
      return;
    }
    var link = event.target.closest ? event.target.closest("a[data-ref]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = markOf(link.getAttribute("data-ref"));
    if (!target) { return; }
    event.preventDefault();
    if (link.closest("#detail-body")) {
      goTo(target);
    } else {
      goTo(target);
      showDetail(target, target.getAttribute("data-detail"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var mark = event.target;
    if (!mark.matches || !mark.matches("mark.hl")) { return; }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      showDetail(mark, mark.getAttribute("data-detail"));
    }
  });

  // #s-5712 names a sentence by its start; a link made from an offset inside one still lands on it.
  function landOnHash() {
    var ref = decodeURIComponent(window.location.hash.slice(1));
    if (!ref || !document.getElementById("doc")) { return; }
    var el = document.getElementById(ref);
    if (!el && /^s-\d+$/.test(ref)) {
      var want = parseInt(ref.slice(2), 10), best = null;
      document.querySelectorAll("#doc span.s[id]").forEach(function (s) {
        var at = parseInt(s.id.slice(2), 10);
        if (at <= want && (!best || at > parseInt(best.id.slice(2), 10))) { best = s; }
      });
      el = best;
    }
    if (!el) { return; }
    if (el.matches("span.pos") && el.nextElementSibling && el.nextElementSibling.matches("mark.hl")) {
      el = el.nextElementSibling;  // an item's own start: show the item
    }
    el.scrollIntoView({ block: "center" });
    if (el.matches("mark.hl")) {
      setCurrent(el);
      el.focus({ preventScroll: true });
      showDetail(el, el.getAttribute("data-detail"));
    } else {
      var sentence = el.matches("span.s") ? el : el.closest("span.s");
      if (sentence) {
        document.querySelectorAll("span.s.current").forEach(function (s) { s.classList.remove("current"); });
        sentence.classList.add("current");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", landOnHash);
  window.addEventListener("hashchange", landOnHash);

  // -- 导入: upload progress, then "analysing" until the answer arrives ----------------------------
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target;
    if (!form || form.id !== "import-form") { return; }
    var bar = document.getElementById("import-progress"), stage = document.getElementById("import-stage");
    var loaded = event.detail.loaded, total = event.detail.total;
    if (!bar || !total) { return; }
    if (loaded < total) {
      bar.value = Math.round(loaded * 100 / total);
      if (stage) { stage.textContent = "正在上传… " + bar.value + "%"; }
    } else {
      bar.removeAttribute("value");
      if (stage) { stage.textContent = "上传完成，正在分析…"; }
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.target || event.target.id !== "import-form") { return; }
    var bar = document.getElementById("import-progress"), stage = document.getElementById("import-stage");
    if (bar) { bar.value = 0; }
    if (stage) { stage.textContent = "正在上传和分析…"; }
  });
})();

// 监测: one indicator's line chart (observed values, baseline point, target line, expected path),
// drawn from the page's JSON twin named in data-source (its "chart" member).
(function () {
  "use strict";

  function drawIndicator(el) {
    if (typeof echarts === "undefined") { return; }
    fetch(el.getAttribute("data-source"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var c = data.chart || {};
        var years = c.years || [];
        var series = [
          { name: "实际值", type: "line", data: c.observed || [], connectNulls: true, symbolSize: 7 },
          { name: "预期路径", type: "line", data: c.expected || [], connectNulls: true,
            lineStyle: { type: "dashed" }, symbol: "none" }
        ];
        if (c.baseline) {
          series.push({ name: "基期值", type: "scatter", symbolSize: 12,
            data: [[c.baseline.year, c.baseline.value]] });
        }
        if (c.target) {
          series.push({ name: "目标", type: "line", data: years.map(function () { return c.target.value; }),
            symbol: "none", lineStyle: { type: "dotted", width: 2 } });
        }
        var chart = echarts.init(el, null, { renderer: "svg" });
        chart.setOption({
          color: ["#8f1d21", "#7a7f87", "#243b7a", "#17622b"],
          grid: { left: 60, right: 20, top: 40, bottom: 30 },
          legend: { top: 0 },
          tooltip: { trigger: "axis" },
          xAxis: { type: "category", data: years },
          yAxis: { type: "value", name: c.unit || "", scale: true },
          series: series
        });
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { el.textContent = "图表数据加载失败。"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-indicator-chart]").forEach(drawIndicator);
  });
})();

// 收件箱: the number of the signed-in user's notifications as a badge in the navigation, fetched
// after the page is shown (it is computed over every plan, so no page waits for it).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var badge = document.querySelector("[data-inbox-count]");
    if (!badge) { return; }
    fetch("/api/v1/inbox/count", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.count) { return; }
        badge.textContent = data.count > 99 ? "99+" : String(data.count);
        badge.setAttribute("aria-label", data.count + " 项待办");
        badge.hidden = false;
      })
      .catch(function () { /* the link still works without its number */ });
  });
})();

// The header's 菜单 button (narrow screens): shows and hides the navigation, Esc closes it and
// gives focus back to the button. Wide screens never show the button; the links are always there.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var top = document.querySelector("header.top"), toggle = top && top.querySelector(".navtoggle");
    if (!toggle) { return; }
    function setOpen(open) {
      top.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () { setOpen(!top.classList.contains("open")); });
    top.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var menu = top.querySelector(".usermenu[open]");
      if (menu) { menu.open = false; menu.querySelector("summary").focus(); return; }
      if (top.classList.contains("open")) { setOpen(false); toggle.focus(); }
    });
    // A click elsewhere closes the user menu, as any drop-down does.
    document.addEventListener("click", function (event) {
      var menu = document.querySelector(".usermenu[open]");
      if (menu && !menu.contains(event.target)) { menu.open = false; }
    });
  });
})();

// Wide tables scroll sideways inside their own box, never the whole page: each table.grid gets a
// .scroll wrapper (templates may already give one). A box that does scroll becomes a named,
// focusable region so keyboard users can scroll it too (axe: scrollable-region-focusable).
(function () {
  "use strict";
  function nameOf(table) {
    var caption = table.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var labelled = table.getAttribute("aria-labelledby");
    var byId = labelled ? document.getElementById(labelled.split(" ")[0]) : null;
    if (byId) { return byId.textContent.trim(); }
    var section = table.closest("section, .panel, main");
    var heading = section ? section.querySelector("h2, h1") : null;
    return heading ? heading.textContent.trim() : "表格";
  }
  function fit(root) {
    (root || document).querySelectorAll("table.grid").forEach(function (table) {
      var box = table.parentElement;
      if (!box.matches(".scroll, .tablewrap")) {
        box = document.createElement("div");
        box.className = "scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
    });
    document.querySelectorAll(".scroll, .tablewrap").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table) { return; }
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(table) + "（可左右滚动）");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { fit(document); });
  document.addEventListener("htmx:afterSettle", function (event) { fit(event.target); });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { fit(document); }, 150);
  });
})();

// 任务分工: htmx replaces the control a person just used (a sort link, a pager link, a row's
// 调整/取消), which would drop keyboard focus onto <body>. Put it back on the same control in the
// new content (a pager link: the same 上一页/下一页, else the current page number).
(function () {
  "use strict";
  var last = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail.elt;
    if (!el || !el.closest || !el.closest("#task-table")) { last = null; return; }
    var th = el.closest("th"), tr = el.closest("tr"), pager = el.closest("nav.task-pager");
    last = {
      column: th ? Array.prototype.indexOf.call(th.parentElement.children, th) : -1,
      row: tr && !th ? tr.id : "",
      pager: pager ? (el.getAttribute("rel") || "page") : ""
    };
  });
  document.addEventListener("htmx:afterSettle", function () {
    var was = last;
    last = null;
    if (!was || (document.activeElement && document.activeElement !== document.body)) { return; }
    var target = null;
    if (was.pager) {
      var nav = document.querySelector("#task-table nav.task-pager");
      target = nav ? (nav.querySelector("a[rel='" + was.pager + "']") ||
                      nav.querySelector("a[aria-current='page']")) : null;
    } else if (was.column >= 0) {
      var th = document.querySelectorAll("#task-table thead th")[was.column];
      target = th ? th.querySelector("a") : null;
    } else if (was.row) {
      var row = document.getElementById(was.row);
      if (row) {
        target = row.classList.contains("editing")
          ? row.querySelector("select, input:not([type=hidden]), textarea, button")
          : row.querySelector("a.button") || row.querySelector("a");
      }
    }
    if (target) { target.focus(); }
  });
})();
