/* communique's charts, drawn with the vendored Apache ECharts (echarts.min.js).

   Every chart is a <div data-chart="KIND" data-source="ID">; its numbers are the JSON data
   block <script type="application/json" id="ID"> of the page (never executed, read with
   JSON.parse), and the page shows the same numbers as a table. Tooltips are drawn in the
   chart (renderMode "richText"), not as HTML, so no text of a document is ever markup and
   the Content-Security-Policy needs no inline style or script. */
(function () {
  "use strict";

  var GREEN = "#1b7a3d", RED = "#b3261e", BLUE = "#2456a6", MUTED = "#667";
  var RELATIONS = ["made", "repeated", "reaffirmed", "progress", "modified", "fulfilled",
                   "abandoned", "disputed"];
  var RELATION_COLOURS = {made: BLUE, repeated: "#7b93c4", reaffirmed: "#5c6bc0",
                          progress: "#8a6d00", modified: "#6a1b9a", fulfilled: GREEN,
                          abandoned: RED, disputed: "#e65100"};
  var DAY = 24 * 3600 * 1000;
  var DAYS = {type: "time", minInterval: DAY, axisLabel: {formatter: "{yyyy}-{MM}-{dd}",
                                                          hideOverlap: true}};
  var charts = [];

  /* A chart in `element`, as SVG and without animation: drawn at once, whole. */
  function plot(element, option) {
    var chart = echarts.init(element, null, {renderer: "svg"});
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function tooltip(extra) {
    var base = {renderMode: "richText", confine: true};
    for (var key in extra) { base[key] = extra[key]; }
    return base;
  }

  /* A sentence cut into lines of about `width` characters, for a tooltip. */
  function wrap(text, width) {
    var lines = [], line = "";
    String(text).replace(/\s+/g, " ").trim().split(" ").forEach(function (word) {
      if (line && line.length + word.length + 1 > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.join("\n");
  }

  function count(n, what) { return n + " " + what + (n === 1 ? "" : "s"); }

  /* 1e12 -> "1T": the axis labels of amounts. */
  function compact(value) {
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(value) >= units[i][0]) { return +(value / units[i][0]).toFixed(1) + units[i][1]; }
    }
    return String(value);
  }

  /* Home: events per PLOVER type and month, stacked bars. */
  function perType(element, data) {
    plot(element, {
      tooltip: tooltip({trigger: "axis", axisPointer: {type: "shadow"}}),
      legend: {type: "scroll", top: 0},
      grid: {left: 40, right: 16, top: 40, bottom: 30},
      xAxis: {type: "category", data: data.months},
      yAxis: {type: "value", minInterval: 1},
      series: data.types.map(function (type) {
        return {name: type, type: "bar", stack: "events", barMaxWidth: 48,
                data: data.counts[type]};
      })
    });
  }

  /* Actor: its events per month as source and as target. */
  function activity(element, data) {
    plot(element, {
      tooltip: tooltip({trigger: "axis", axisPointer: {type: "shadow"}}),
      legend: {top: 0},
      grid: {left: 40, right: 16, top: 40, bottom: 30},
      xAxis: {type: "category", data: data.months},
      yAxis: {type: "value", minInterval: 1},
      series: [{name: "as source", type: "bar", barMaxWidth: 40, data: data.source,
                itemStyle: {color: BLUE}},
               {name: "as target", type: "bar", barMaxWidth: 40, data: data.target,
                itemStyle: {color: "#8a6d00"}}]
    });
  }

  /* Actor: the actors it deals with on a circle around it; an edge for its cooperation
     (green) and one for its conflict (red) events with each, wider for more. */
  function network(element, data) {
    var others = data.network, radius = 100;
    var top = Math.max.apply(null, others.map(function (o) {
      return Math.max(o.cooperation, o.conflict);
    }).concat([1]));
    var nodes = [{name: data.actor, x: 0, y: 0, symbolSize: 46,
                  itemStyle: {color: BLUE}, label: {color: "#fff"}}];
    var links = [];
    others.forEach(function (other, n) {
      var angle = 2 * Math.PI * n / others.length - Math.PI / 2;
      nodes.push({name: other.code, x: radius * Math.cos(angle), y: radius * Math.sin(angle),
                  symbolSize: 34, value: other.cooperation + other.conflict,
                  itemStyle: {color: "#e8eefb", borderColor: BLUE}});
      var both = other.cooperation > 0 && other.conflict > 0;
      [["cooperation", GREEN, 0.2], ["conflict", RED, -0.2]].forEach(function (kind) {
        var count = other[kind[0]];
        if (count > 0) {
          links.push({source: data.actor, target: other.code, value: count, kind: kind[0],
                      lineStyle: {color: kind[1], width: 1 + 7 * count / top,
                                  curveness: both ? kind[2] : 0}});
        }
      });
    });
    var chart = plot(element, {
      tooltip: tooltip({formatter: function (item) {
        if (item.dataType === "edge") {
          return item.data.source + " – " + item.data.target + ": " +
            count(item.data.value, item.data.kind + " event");
        }
        return item.name + (item.value ? ": " + count(item.value, "event") : "");
      }}),
      series: [{type: "graph", layout: "none", data: nodes, links: links, roam: false,
                label: {show: true, fontSize: 11}, cursor: "pointer",
                lineStyle: {opacity: 0.85}, emphasis: {focus: "adjacency"}}]
    });
    chart.on("click", function (item) {
      if (item.dataType === "node" && item.name !== data.actor) {
        window.location.href = "/actors/" + encodeURIComponent(item.name);
      }
    });
  }

  /* Track: each dated mention on a time axis, a row and a colour per relation. */
  function timeline(element, data) {
    var present = {};
    data.mentions.forEach(function (m) { present[m.relation] = true; });
    var relations = RELATIONS.filter(function (r) { return present[r]; }).concat(
      Object.keys(present).filter(function (r) { return RELATIONS.indexOf(r) < 0; }));
    plot(element, {
      tooltip: tooltip({formatter: function (item) {
        var m = item.data.mention;
        return m.date + " · " + m.relation + " · " + m.outlet + "\n" + wrap(m.evidence, 70);
      }}),
      grid: {left: 90, right: 40, top: 20, bottom: 30},
      xAxis: DAYS,
      yAxis: {type: "category", data: relations},
      series: relations.map(function (relation) {
        return {name: relation, type: "scatter", symbolSize: 14,
                itemStyle: {color: RELATION_COLOURS[relation] || MUTED},
                data: data.mentions.filter(function (m) { return m.relation === relation; })
                  .map(function (m) { return {value: [m.date, relation], mention: m}; })};
      })
    });
  }

  /* Track: the amount promised and the amount delivered at each mention. */
  function amounts(element, data) {
    var dated = data.mentions.filter(function (m) {
      return m.promised !== null || m.delivered !== null;
    });
    function series(name, key, colour) {
      return {name: name, type: "bar", barMaxWidth: 28, itemStyle: {color: colour},
              data: dated.filter(function (m) { return m[key] !== null; }).map(function (m) {
                return {value: [m.date, m[key]], label: m[key + "_text"], mention: m};
              })};
    }
    plot(element, {
      title: {text: "Promised and delivered (" + data.currency + ")", left: 0,
              textStyle: {fontSize: 13}},
      tooltip: tooltip({formatter: function (item) {
        return item.data.mention.date + " · " + item.data.mention.outlet + "\n" +
          item.seriesName + ": " + item.data.label;
      }}),
      legend: {top: 0, right: 0},
      grid: {left: 60, right: 40, top: 40, bottom: 30},
      xAxis: DAYS,
      yAxis: {type: "value", axisLabel: {formatter: compact}},
      series: [series("promised", "promised", BLUE), series("delivered", "delivered", GREEN)]
    });
  }

  /* TopoJSON rings cross the antimeridian (Russia, Fiji): a ring that jumps from one edge
     of the map to the other is cut there into pieces, each closed on its own edge. */
  function polygons(geometry) {
    if (!geometry) { return []; }
    var list = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var out = [];
    list.forEach(function (polygon) {
      var ring = polygon[0], jumps = [];
      for (var i = 1; i < ring.length; i++) {
        if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { jumps.push(i); }
      }
      if (!jumps.length) { out.push(polygon); return; }
      var rotated = ring.slice(jumps[0]).concat(ring.slice(1, jumps[0]));
      var piece = [rotated[0]];
      for (var j = 1; j < rotated.length; j++) {
        if (Math.abs(rotated[j][0] - rotated[j - 1][0]) > 180) {
          out.push([piece.concat([piece[0]])]);
          piece = [];
        }
        piece.push(rotated[j]);
      }
      out.push([piece.concat([piece[0]])]);
    });
    return out;
  }

  /* Map: the world-atlas countries (topojson-client decodes them), shaded by their events;
     places as circles sized by theirs. */
  function map(element, data) {
    fetch("/static/countries-110m.json").then(function (response) {
      if (!response.ok) { throw new Error("countries-110m.json: " + response.status); }
      return response.json();
    }).then(function (atlas) {
      var names = {};
      var world = topojson.feature(atlas, atlas.objects.countries);
      world.features = world.features.map(function (feature) {
        names[feature.id] = feature.properties.name;
        return {type: "Feature", id: feature.id, properties: {name: feature.properties.name},
                geometry: {type: "MultiPolygon", coordinates: polygons(feature.geometry)}};
      });
      echarts.registerMap("world", world);
      var countries = data.countries.filter(function (c) { return names[c.id]; });
      var most = Math.max.apply(null, countries.map(function (c) { return c.count; }).concat([1]));
      plot(element, {
        tooltip: tooltip({formatter: function (item) {
          if (item.seriesType === "scatter") {
            return item.name + ": " + count(item.data.count, "event");
          }
          return item.name + (item.value > 0 ? ": " + count(item.value, "event") : "");
        }}),
        visualMap: {type: "continuous", min: 0, max: most, left: 8, bottom: 8,
                    calculable: false, seriesIndex: 0, text: ["events", ""],
                    inRange: {color: ["#dfe4ea", "#7b93c4", BLUE]}},
        geo: {map: "world", roam: true, top: 10, bottom: 10, silent: false,
              itemStyle: {areaColor: "#dfe4ea", borderColor: "#fff", borderWidth: 0.5},
              emphasis: {label: {show: false}, itemStyle: {areaColor: "#c5cfdc"}}},
        series: [
          {type: "map", geoIndex: 0, data: countries.map(function (c) {
            return {name: names[c.id], value: c.count};
          })},
          {type: "scatter", coordinateSystem: "geo", zlevel: 1,
           itemStyle: {color: "rgba(179, 38, 30, .55)", borderColor: RED},
           symbolSize: function (value, item) {
             return Math.min(6 + Math.sqrt(item.data.count) * 4, 36);
           },
           data: data.places.map(function (p) {
             return {name: p.name, value: [p.lon, p.lat], count: p.count};
           })}
        ]
      });
    }).catch(function (error) {
      element.textContent = "The map could not be drawn: " + error.message;
      throw error;
    });
  }

  var draw = {events: perType, activity: activity, network: network, timeline: timeline,
              amounts: amounts, map: map};
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    draw[element.getAttribute("data-chart")](element, JSON.parse(source.textContent));
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
