// jixiao serve: the task dashboard's charts (ECharts, served by the binary) and the score
// page's drill-down target. The data comes from the page's <script type="application/json">
// block; nothing is fetched and nothing is evaluated.
(function () {
  "use strict";

  // Score page: open the trace of the indicator named in the address (#ind-D07).
  function openTarget() {
    if (!location.hash || location.hash.indexOf("#ind-") !== 0) { return; }
    var row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!row) { return; }
    row.classList.add("target");
    var d = row.querySelector("details");
    if (d) { d.open = true; }
    row.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", openTarget);

  function el(id) { return document.getElementById(id); }
  function num(v) { return v === null || v === undefined ? null : Number(v); }
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

  function chart(id) {
    var node = el(id);
    if (!node || typeof echarts === "undefined") { return null; }
    var c = echarts.init(node, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }

  function distribution(data) {
    var c = chart("chart-distribution");
    if (!c) { return; }
    c.setOption({
      textStyle: { fontFamily: font },
      animation: false,
      tooltip: { trigger: "item" },
      legend: { right: 0, top: 0, data: data.grades.map(function (g) { return g.name; }) },
      grid: { left: 40, right: "42%", top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.labels, axisLabel: { fontSize: 11, interval: 0 } },
      yAxis: { type: "value", minInterval: 1, name: "事项数" },
      series: [
        { type: "bar", data: data.counts, itemStyle: { color: "#1f5fa8" }, barWidth: "60%",
          label: { show: true, position: "top" } },
        { type: "pie", radius: ["24%", "42%"], center: ["77%", "60%"], data: data.grades,
          label: { formatter: "{b} {c}" } }
      ]
    });
  }

  function heatmap(data, task) {
    var c = chart("chart-heatmap");
    if (!c) { return; }
    var rows = data.rows.map(function (r) { return r.name; });
    c.setOption({
      textStyle: { fontFamily: font },
      animation: false,
      tooltip: {
        formatter: function (p) {
          var r = data.rows[p.value[1]];
          return r.name + "<br>" + data.columns[p.value[0]] + "：" + p.value[2] + "%" +
            (data.group === "department" ? "（" + p.value[3] + " 个事项平均）" : "");
        }
      },
      // Room under the grid for the 50°-rotated indicator names and, below them, the legend.
      grid: { left: 200, right: 20, top: 10, bottom: 170 },
      xAxis: { type: "category", data: data.columns, axisLabel: { rotate: 50, fontSize: 11, interval: 0 } },
      yAxis: { type: "category", data: rows, inverse: true, axisLabel: { fontSize: 12, width: 190, overflow: "truncate" } },
      visualMap: { min: 0, max: 100, dimension: 2, calculable: false, orient: "horizontal", left: "center", bottom: 0,
        text: ["100%", "0%"], itemHeight: 160, inRange: { color: ["#b3261e", "#f2c14e", "#f7f3d0", "#7fbf7f", "#1d7a3e"] } },
      series: [{
        type: "heatmap", data: data.cells.map(function (x) { return [x[0], x[1], num(x[2]), x[3]]; }),
        label: { show: data.columns.length <= 30, fontSize: 10, formatter: function (p) { return Math.round(p.value[2]); } },
        emphasis: { itemStyle: { borderColor: "#000", borderWidth: 1 } }
      }]
    });
    c.on("click", function (p) {
      var r = data.rows[p.value[1]];
      var ind = data.indicators[p.value[0]];
      if (data.group === "org" && r.item) {
        location.href = "/items/" + r.item + "/score" + (ind ? "#ind-" + encodeURIComponent(ind) : "");
      } else if (data.group === "department") {
        location.href = "/tasks/" + task + "/dashboard?under=" + encodeURIComponent(r.code) + "&group=org#heatmap";
      }
    });
  }

  function yoy(data) {
    var c = chart("chart-yoy");
    if (!c) { return; }
    var pts = data.points.map(function (p) { return [num(p[0]), num(p[1]), p[2], p[3]]; });
    var lo = 100;
    pts.forEach(function (p) { lo = Math.min(lo, p[0], p[1]); });
    lo = Math.max(0, Math.floor(lo / 10) * 10 - 10);
    c.setOption({
      textStyle: { fontFamily: font },
      animation: false,
      tooltip: { formatter: function (p) {
        return p.value[2] + "<br>" + data.previous_year + " 年 " + p.value[0] + " → " + data.year + " 年 " + p.value[1];
      } },
      grid: { left: 50, right: 20, top: 34, bottom: 40 },
      xAxis: { type: "value", name: data.previous_year + " 年", nameLocation: "middle", nameGap: 25, min: lo, max: 100 },
      yAxis: { type: "value", name: data.year + " 年", min: lo, max: 100 },
      series: [
        { type: "scatter", data: pts, symbolSize: pts.length > 200 ? 5 : 10, itemStyle: { color: "#1f5fa8" } },
        { type: "line", data: [[lo, lo], [100, 100]], symbol: "none", silent: true,
          lineStyle: { type: "dashed", color: "#999" } }
      ]
    });
    c.on("click", function (p) { if (p.seriesIndex === 0 && p.value[3]) { location.href = "/items/" + p.value[3] + "/score"; } });
  }

  function monitoring(data) {
    var c = chart("chart-monitoring");
    if (!c) { return; }
    var series = [{ name: "序时进度", type: "line", data: data.time.map(function (t) { return [t[0], num(t[1])]; }),
      lineStyle: { type: "dashed", color: "#777" }, itemStyle: { color: "#777" }, symbol: "none" }];
    if (data.series.length) {
      data.series.forEach(function (s) {
        series.push({ name: s.name, type: "line", data: s.points.map(function (p) { return [p[0], num(p[1])]; }) });
      });
    } else {
      series.push({ name: "平均累计支出进度", type: "line", data: data.mean.map(function (m) { return [m[0], num(m[1])]; }) });
    }
    c.setOption({
      textStyle: { fontFamily: font },
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "value", min: 1, max: 12, interval: 1, axisLabel: { formatter: "{value} 月" } },
      yAxis: { type: "value", max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); }, axisLabel: { formatter: "{value}%" } },
      series: series
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    var block = el("dashboard-data");
    if (!block) { return; }
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    if (typeof echarts === "undefined") {
      document.querySelectorAll(".chart").forEach(function (n) { n.textContent = "图表脚本未能加载，请查看下方表格或导出 Excel。"; });
      return;
    }
    if (el("chart-distribution") && el("chart-distribution").getAttribute("data-empty") !== "true") { distribution(data.distribution); }
    else if (el("chart-distribution")) { el("chart-distribution").textContent = "还没有已评分的事项。"; el("chart-distribution").style.height = "auto"; }
    heatmap(data.heatmap, data.task);
    if (data.yoy.available) { yoy(data.yoy); }
    if (data.monitoring.available) { monitoring(data.monitoring); }
  });
})();
