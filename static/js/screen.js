/* The dispatch-room screen (/screen/): every tile filled from the API, then refreshed in
 * place every `refresh` seconds (charts through setOption, figures through textContent: no
 * reload, no flicker). Without the network the last figures stay and the status line says
 * since when. Figures are never computed here: they are the API's, only formatted.
 *
 * Configuration: <script id="screen-config" type="application/json"> from the page
 * ({refresh, api: {districts, warnings, rounds, problems, map, reports}, projectUrl,
 * latestReports, labels}) and the map's words (also the lights', rates' and unit's) in
 * #map-labels.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("screen-config").textContent);
  var mapLabels = JSON.parse(document.getElementById("map-labels").textContent);
  var labels = config.labels;
  var INK = "#e6edf7", MUTED = "#8da2c0", GRID = "#233a5e";
  var LIGHT_COLOURS = { red: "#e53935", yellow: "#f2c94c", green: "#43a047" };
  var LIST_COLOURS = { signed: "#7986cb", started: "#ffa64d", in_production: "#4caf50" };
  var ROUNDS_SHOWN = 6;
  var charts = {};
  var lastSuccess = null;
  var lastAnswers = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(date) {
    return pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }

  function rate(value) { return value === null || value === undefined ? "—" : Number(value).toFixed(1) + "%"; }

  // The money rule (static/js/charts.js, fed by the page): "10.24 亿元", "CNY 1.02 billion".
  function amount(value) { return window.trackerAmount(value); }

  function setFigure(name, text) {
    var element = document.querySelector('[data-figure="' + name + '"]');
    if (element && element.textContent !== String(text)) { element.textContent = text; }
  }

  function fontSize() {
    return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  }

  function chart(name) {
    if (!charts[name]) {
      var element = document.querySelector('[data-screen-chart="' + name + '"]');
      charts[name] = window.echarts.init(element, null, { renderer: "svg" });
      if (name === "map") { charts[name].on("click", window.trackerMap.open); }
    }
    return charts[name];
  }

  function axisStyle() {
    var size = fontSize();
    return {
      axisLabel: { color: INK, fontSize: size * 0.85 },
      axisLine: { lineStyle: { color: GRID } },
      splitLine: { lineStyle: { color: GRID } }
    };
  }

  // A chart with one row per unit: its labels and counts are at most as tall as a row allows
  // (nine units in a third of the screen), never under the 18 px axis text a wall is read by,
  // and every unit is named (no label skipped for want of room).
  var SMALLEST_TEXT = 18;

  function rowText(name, rows, size) {
    var height = document.querySelector('[data-screen-chart="' + name + '"]').clientHeight;
    var pitch = (height - size * 2.4) / Math.max(rows, 1);
    return Math.max(SMALLEST_TEXT, Math.min(size, pitch * 0.8));
  }

  function unitAxis(style, text) {
    return { color: style.axisLabel.color, fontSize: Math.min(style.axisLabel.fontSize, text), interval: 0 };
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
        return response.json();
      });
  }

  // One request after the other: a light load on the site (and on an embedded database).
  function oneByOne(urls, answers) {
    if (!urls.length) { return Promise.resolve(answers); }
    return get(urls[0]).then(function (answer) {
      return oneByOne(urls.slice(1), answers.concat([answer]));
    });
  }

  function query(url, params) {
    var pairs = Object.keys(params).filter(function (key) {
      return params[key] !== null && params[key] !== undefined;
    }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    });
    return pairs.length ? url + "?" + pairs.join("&") : url;
  }

  // --- tiles ------------------------------------------------------------------------------

  function drawRanking(progress) {
    var size = fontSize();
    var rows = progress.results;
    setFigure("city-completion-rate", rate(progress.city.completion_rate));
    setFigure("city-completed", amount(progress.city.completed_investment));
    setFigure("schedule-rate", rate(progress.city.schedule_rate));
    var style = axisStyle();
    var schedule = progress.city.schedule_rate;
    var text = rowText("ranking", rows.length, size);
    chart("ranking").setOption({
      animation: false,
      grid: { left: 8, right: size * 4, top: size * 1.8, bottom: 4, containLabel: true },
      xAxis: {
        type: "value",
        axisLabel: { color: MUTED, fontSize: size * 0.8, formatter: "{value}%" },
        splitLine: style.splitLine,
        max: function (extent) { return Math.ceil(Math.max(extent.max, schedule || 0) / 10) * 10; }
      },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }), axisLabel: unitAxis(style, text), axisLine: style.axisLine },
      series: [{
        id: "completion",
        type: "bar",
        name: mapLabels.completionRate,
        data: rows.map(function (r) { return r.completion_rate === null ? null : Number(r.completion_rate); }),
        barMaxWidth: size * 1.6,
        itemStyle: {
          color: function (item) {
            return item.value !== null && schedule !== null && item.value < Number(schedule) ? "#ef6c57" : "#4f9cf0";
          }
        },
        label: { show: true, position: "right", color: INK, fontSize: text, formatter: function (p) { return rate(p.value); } },
        markLine: schedule === null ? { data: [] } : {
          symbol: "none",
          lineStyle: { color: "#f2c94c", type: "dashed", width: 2 },
          label: { color: "#f2c94c", fontSize: size, position: "start", formatter: labels.scheduleRate + " " + rate(schedule) },
          data: [{ xAxis: Number(schedule) }]
        }
      }]
    });
  }

  // A count is written inside its bar segment only when the segment holds it (a "3" and a
  // "2" side by side in two thin segments read "32"); the counts that do not fit are written
  // after the bar instead, each in its light's colour.
  function textWidth(text, size) { return String(text).length * size * 0.62 + size * 0.5; }

  function drawLights(lights) {
    var size = fontSize();
    var style = axisStyle();
    var LIGHTS = ["red", "yellow", "green"];
    var text = rowText("lights", lights.results.length, size);
    setFigure("city-red", lights.city.red);
    setFigure("city-yellow", lights.city.yellow);
    setFigure("city-green", lights.city.green);
    var rich = {};
    LIGHTS.forEach(function (light) {
      rich[light] = { color: LIGHT_COLOURS[light], fontSize: text, fontWeight: "bold", padding: [0, text * 0.15] };
    });
    function draw(fits) {
      var series = LIGHTS.map(function (light) {
        return {
          id: light,
          name: mapLabels.lights[light],
          type: "bar",
          stack: "lights",
          barMaxWidth: size * 1.6,
          itemStyle: { color: LIGHT_COLOURS[light] },
          label: { show: true, color: light === "yellow" ? "#1f2933" : "#ffffff", fontSize: text, fontWeight: "bold" },
          data: lights.results.map(function (r, index) {
            var shown = !!r[light] && (!fits || fits[index][light]);
            return { value: r[light], label: { show: shown } };
          })
        };
      });
      // After the bar: the counts too thin to be written inside it.
      series.push({
        id: "outside",
        type: "bar",
        stack: "lights",
        silent: true,
        itemStyle: { color: "transparent" },
        label: {
          show: true,
          position: "right",
          rich: rich,
          formatter: function (p) {
            if (!fits) { return ""; }
            var r = lights.results[p.dataIndex];
            return LIGHTS.filter(function (light) { return r[light] && !fits[p.dataIndex][light]; })
              .map(function (light) { return "{" + light + "|" + r[light] + "}"; }).join("");
          }
        },
        data: lights.results.map(function () { return 0; })
      });
      chart("lights").setOption({
        animation: false,
        // No legend: the figures above the chart name the three colours.
        grid: { left: 8, right: size * 3.5, top: size * 0.6, bottom: 4, containLabel: true },
        xAxis: { type: "value", minInterval: 1, axisLabel: { color: MUTED, fontSize: size * 0.8 }, splitLine: style.splitLine },
        yAxis: { type: "category", inverse: true, data: lights.results.map(function (r) { return r.name; }), axisLabel: unitAxis(style, text), axisLine: style.axisLine },
        series: series
      });
    }
    draw(null);
    // Now that the axis is laid out: how wide each segment is drawn, in pixels.
    var origin = chart("lights").convertToPixel({ xAxisIndex: 0 }, 0);
    var fits = lights.results.map(function (r) {
      var answer = {};
      LIGHTS.forEach(function (light) {
        var width = chart("lights").convertToPixel({ xAxisIndex: 0 }, r[light] || 0) - origin;
        answer[light] = width >= textWidth(r[light], text);
      });
      return answer;
    });
    draw(fits);
  }

  function drawRounds(rounds) {
    var size = fontSize();
    var style = axisStyle();
    setFigure("rounds", rounds.total.rounds);
    setFigure("round-projects", rounds.total.projects);
    // The latest rounds that fit (three bars of a round need about 3.3 lines of type): each
    // list's projects, labelled "reached / listed".
    var height = document.querySelector('[data-screen-chart="rounds"]').clientHeight;
    var fitting = Math.max(1, Math.min(ROUNDS_SHOWN, Math.floor((height - size * 2.2) / (size * 3.3))));
    var shown = rounds.results.slice(-fitting);
    chart("rounds").setOption({
      animation: false,
      grid: { left: 8, right: size * 3.2, top: size * 1.8, bottom: 4, containLabel: true },
      legend: { top: 0, textStyle: { color: INK, fontSize: size } },
      xAxis: { type: "value", minInterval: 1, axisLabel: { color: MUTED, fontSize: size * 0.8 }, splitLine: style.splitLine },
      yAxis: {
        type: "category",
        inverse: true,
        data: shown.map(function (r) { return fill(labels.round, { district: r.district_name || "", number: r.number }); }),
        axisLabel: style.axisLabel,
        axisLine: style.axisLine
      },
      series: Object.keys(labels.lists).map(function (list) {
        var figures = shown.map(function (r) {
          return r.lists.filter(function (l) { return l.list === list; })[0];
        });
        return {
          id: list,
          name: labels.lists[list],
          type: "bar",
          barMaxWidth: size,
          itemStyle: { color: LIST_COLOURS[list] },
          label: {
            show: true,
            position: "right",
            color: INK,
            fontSize: size,
            formatter: function (p) { return figures[p.dataIndex].reached + "/" + figures[p.dataIndex].count; }
          },
          data: figures.map(function (f) { return f.count; })
        };
      })
    });
  }

  function drawProblems(problems) {
    setFigure("raised", problems.raised);
    setFigure("resolved", problems.resolved);
    setFigure("resolution-rate", rate(problems.resolution_rate));
    setFigure("satisfaction-rate", rate(problems.satisfaction_rate));
    setFigure("overdue", problems.overdue);
  }

  function drawReports(page) {
    var list = document.querySelector("[data-reports]");
    var items = page.results.map(function (report) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = config.projectUrl.replace("CODE", encodeURIComponent(report.project));
      link.textContent = report.project_name;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = fill(labels.months[report.month - 1], { year: report.year }) + " · " +
        amount(report.completed_investment);
      item.appendChild(link);
      item.appendChild(meta);
      item.setAttribute("data-report", report.id);
      return item;
    });
    // Replace only when the reports changed, so that an unchanged list does not blink.
    var ids = page.results.map(function (r) { return r.id; }).join(",");
    if (list.getAttribute("data-ids") !== ids) {
      list.replaceChildren.apply(list, items);
      list.setAttribute("data-ids", ids);
      // Only the reports the tile holds whole: a wall never shows half a line.
      var bottom = list.getBoundingClientRect().bottom;
      items.forEach(function (item, index) {
        if (index > 0 && item.getBoundingClientRect().bottom > bottom + 1) { item.hidden = true; }
      });
    }
  }

  function drawMap(map) {
    setFigure("map-count", "(" + map.results.length + ")");
    chart("map").setOption(window.trackerMap.option(map, mapLabels, {
      dark: true,
      roam: false,
      projectUrl: config.projectUrl,
      scale: fontSize() / 16,
      labelSize: fontSize()
    }));
  }

  // --- refresh ------------------------------------------------------------------------------

  function status(text, offline) {
    var element = document.querySelector("[data-status]");
    element.textContent = text;
    element.classList.toggle("is-offline", !!offline);
    document.body.classList.toggle("is-offline", !!offline);
  }

  function render(answers) {
    var progress = answers[0];
    var month = progress.month ? fill(labels.months[progress.month - 1], { year: progress.year }) : progress.year;
    document.querySelector("[data-period]").textContent = fill(labels.period, { month: month });
    drawRanking(progress);
    drawLights(answers[1]);
    drawRounds(answers[2]);
    drawProblems(answers[3]);
    drawMap(answers[4]);
    drawReports(answers[5]);
  }

  function refresh() {
    // The statistics name the period ("now" unless chosen); every other tile asks for it.
    return get(config.api.districts).then(function (progress) {
      var period = { year: progress.year, month: progress.month };
      return oneByOne([
        query(config.api.warnings, period),
        config.api.rounds,
        query(config.api.problems, { year: progress.year }),
        query(config.api.map, { year: progress.year }),
        // Approved reports of the period's months (later ones are not "now" yet).
        query(config.api.reports, {
          status: "approved",
          year: progress.year,
          until_month: progress.month,
          ordering: "-reviewed_at",
          page_size: config.latestReports
        })
      ], [progress]);
    }).then(function (answers) {
      render(answers);
      lastAnswers = answers;
      lastSuccess = new Date();
      status(fill(labels.refreshed, { time: clock(lastSuccess) }), false);
    }).catch(function () {
      status(fill(labels.offline, { time: lastSuccess ? clock(lastSuccess) : "—" }), true);
    });
  }

  function loop() {
    refresh().then(function () { window.setTimeout(loop, config.refresh * 1000); });
  }

  // Type follows the width: on a resize, the last figures are drawn again at the new size.
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () {
      Object.keys(charts).forEach(function (name) { charts[name].resize(); });
      if (lastAnswers) { render(lastAnswers); }
    }, 100);
  });
  window.trackerScreen = { refresh: refresh };
  loop();
}());
