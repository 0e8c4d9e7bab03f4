"""The report renders in a real browser: headless Chromium (Debian's `chromium` package,
which `.ci/run` installs when it is missing) opens the page from disk with no network and
a probe script records what was drawn and every console error into the DOM, which
`--dump-dom` prints.

This is the one test that may skip: only when no Chromium can be found or installed.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from helpers import dipevents, write
from test_report import EVENTS, PAIRS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")

# Put first in <head>, before plotly.js: it hooks console.error and uncaught errors, then
# after load measures both charts, clicks a node and sorts the table, and writes it all
# as JSON into <pre id="probe">.
PROBE = """<script>
(function () {
  var errors = [];
  var original = console.error;
  console.error = function () {
    errors.push(Array.prototype.map.call(arguments, String).join(" "));
    return original.apply(console, arguments);
  };
  window.addEventListener("error", function (e) { errors.push("uncaught: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) { errors.push("rejected: " + e.reason); });
  function chart(id) {
    var div = document.getElementById(id), svg = div && div.querySelector(".main-svg");
    var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {svg: !!svg, width: box.width, height: box.height,
            points: div ? div.querySelectorAll(".scatterlayer .point").length : 0,
            segments: div ? Array.prototype.reduce.call(
              div.querySelectorAll(".scatterlayer .js-line"),
              function (n, path) { return n + (path.getAttribute("d").match(/M/g) || []).length; },
              0) : 0};
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      var out = {errors: errors, timeline: chart("timeline"), network: chart("network")};
      try {
        var network = document.getElementById("network");
        var trace = network.data.filter(function (t) { return t.meta.role === "node"; })[0];
        network.emit("plotly_click", {points: [{data: trace, customdata: trace.customdata[0],
                                                text: trace.text[0]}]});
        out.clicked = trace.text[0];
        out.listed = document.querySelectorAll("#meetings li").length;
        var th = document.querySelectorAll("#events th")[6];
        th.click();
        out.sorted = Array.prototype.map.call(document.querySelectorAll("#events tbody tr"),
          function (tr) { return tr.cells[6].dataset.sort; });
      } catch (e) { errors.push("probe: " + e); }
      var pre = document.createElement("pre");
      pre.id = "probe";
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    }, 300);
  });
})();
</script>"""


def browser() -> str | None:
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    return None


def test_report_renders_in_headless_chromium(tmp_path):
    chromium = browser()
    if chromium is None:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` (.ci/run does it "
                    "where it can) to run the browser check of the report")
    events = write(tmp_path / "events.jsonl", "".join(json.dumps(e) + "\n" for e in EVENTS))
    out = tmp_path / "report.html"
    result = dipevents("report", events, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--disable-dev-shm-usage", "--window-size=1280,1600",
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000",
               "--dump-dom", probed.as_uri()]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("headless Chromium did not finish within 120 s")
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert found, f"no probe in the DOM (exit {run.returncode}): {run.stderr[-2000:]}"
    probe = json.loads(html.unescape(found.group(1)))

    assert probe["errors"] == []
    placed = sum(1 for e in EVENTS if e["date"] or e["sources"][0]["doc_date"])
    timeline, network = probe["timeline"], probe["network"]
    assert timeline["svg"] and timeline["width"] > 100 and timeline["height"] > 100
    assert timeline["points"] == placed  # every mark drawn
    assert network["svg"] and network["width"] > 100 and network["height"] > 100
    assert network["segments"] == len(PAIRS)  # every edge drawn
    nodes = {name for pair in PAIRS for name in pair}
    assert network["points"] == len(nodes) + len(PAIRS)  # nodes, and the edges' hover points
    # clicking a node lists its meetings
    expected = sum(1 for e in EVENTS if probe["clicked"] in
                   [p["name"] for p in e["who"] + e["whom"]])
    assert probe["listed"] == expected > 0
    # the confidence column sorts ascending
    assert probe["sorted"] == sorted(probe["sorted"], key=float)
    assert len(probe["sorted"]) == len(EVENTS)
