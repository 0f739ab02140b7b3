/* Draws every chart of a page with Apache ECharts (served by the app from static/vendor/).
 * A chart is an element [data-chart="<id>"] whose data sits in <script id="<id>"
 * type="application/json"> (Django's json_script): {kind, categories, series: [{name, data,
 * kind}], 
 * unit, horizontal, mark_line: {name, value}}. Amounts arrive as decimal strings.
 * Without JavaScript the charts stay hidden; the table beside each one has the same figures.
 * A spec with `money: true` holds amounts in 万元: labels and tooltips say them by the money
 * rule.
 *
 * window.trackerAmount(value): THE money rule (core/templatetags/figures.py `amount`), fed its
 * tiers by the page (<script id="amount-rule">, from the `amount_rule` tag): the biggest tier
 * whose `from` the amount reaches, divided by its `divisor`, two decimals rounded half up,
 * thousands separators, in its `pattern`. Worked in whole cents, so it rounds as Python does.
 */
(function () {
  "use strict";

  var ruleElement = document.getElementById("amount-rule");
  var RULE = ruleElement ? JSON.parse(ruleElement.textContent) : [];

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function trackerAmount(value) {
    if (value === null || value === undefined || value === "") { return "—"; }
    var cents = Math.round(Math.abs(Number(value)) * 100);
    var sign = Number(value) < 0 ? "-" : "";
    for (var i = 0; i < RULE.length; i += 1) {
      var tier = RULE[i];
      if (cents >= tier.from * 100) {
        // Hundredths of (value / divisor), rounded half up: (2·cents + d) ÷ 2d, whole.
        var hundredths = Math.floor((2 * cents + tier.divisor) / (2 * tier.divisor));
        var whole = Math.floor(hundredths / 100), part = hundredths % 100;
        var text = sign + grouped(String(whole)) + "." + (part < 10 ? "0" : "") + part;
        return tier.pattern.replace("%(value)s", text);
      }
    }
    return String(value);
  }
  window.trackerAmount = trackerAmount;

  function number(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function option(spec, width) {
    var unit = spec.unit || "";
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: { interval: spec.horizontal ? 0 : "auto" }
    };
    var valueAxis = { type: "value", axisLabel: { formatter: "{value}" + (unit === "%" ? "%" : "") } };
    if (spec.money) {
      valueAxis.name = unit;
      valueAxis.nameTextStyle = { align: "left" };
    }
    if (spec.horizontal) {
      categoryAxis.inverse = true;
    }
    if (spec.mark_line && spec.mark_line.value !== null) {
      // Keep the reference line (e.g. the schedule rate) inside the axis.
      var mark = number(spec.mark_line.value);
      valueAxis.max = function (extent) {
        var top = Math.max(extent.max, mark);
        return unit === "%" ? Math.ceil(top / 10) * 10 : null;
      };
    }
    var series = spec.series.map(function (serie, index) {
      var item = {
        name: serie.name,
        type: serie.kind || spec.kind || "bar",
        data: serie.data.map(number),
        itemStyle: { color: index === 0 ? "#b3261e" : "#0b5cad" },
        label: {
          // Value labels only where they fit beside each other.
          show: spec.horizontal || width / spec.categories.length > 40,
          position: spec.horizontal ? "right" : "top",
          // The figure as the server wrote it (e.g. "24.0"), like the table beside the chart.
          formatter: function (p) {
            var raw = serie.data[p.dataIndex];
            if (raw === null) { return ""; }
            return spec.money ? trackerAmount(raw) : raw + (unit === "%" ? "%" : "");
          },
          fontSize: 11
        }
      };
      if (index === 0 && spec.mark_line && spec.mark_line.value !== null) {
        var line = { name: spec.mark_line.name };
        line[spec.horizontal ? "xAxis" : "yAxis"] = number(spec.mark_line.value);
        item.markLine = {
          symbol: "none",
          lineStyle: { color: "#1f2933", type: "dashed" },
          label: {
            formatter: spec.money ? spec.mark_line.name + " " + trackerAmount(spec.mark_line.value)
              : spec.mark_line.name + " {c}" + (unit === "%" ? "%" : ""),
            // With the category axis inverted, "start" is the top of the chart.
            position: spec.horizontal ? "start" : "end"
          },
          data: [line]
        };
      }
      return item;
    });
    return {
      animation: false,
      tooltip: spec.money ? {
        trigger: "axis",
        valueFormatter: function (value) { return trackerAmount(value); }
      } : { trigger: "axis" },
      grid: { left: 8, right: spec.horizontal ? 56 : 16, top: 28, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: series
    };
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    element.classList.add("is-ready");
    if (spec.horizontal) {
      element.style.height = Math.max(220, spec.categories.length * 34 + 60) + "px";
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option(spec, element.clientWidth));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (window.echarts) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }

  // Print buttons exist only where JavaScript runs (they are `hidden` in the HTML).
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
