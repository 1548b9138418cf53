#!/usr/bin/env python3
"""Opens a chainsim HTML report in headless Chromium and reports what a reader would see.

Usage: check_report.py REPORT.html [--png FILE] [--png-height PX] [--pdf FILE]

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
messages separated by NUL bytes on file descriptors 3 and 4), so it needs nothing beyond
Python's standard library and the browser. Prints one JSON object on stdout:

  console_errors  console errors, uncaught exceptions and failed loads, as text
  title           the document's title
  sections        the ids of the page's <section> elements, in order
  targets         [{id, probability}] for every element with data-target
  charts          how many chart SVGs (figure.chart svg) the page holds
  text_boxes      how many non-empty <text> elements those charts hold
  overlaps        [{chart, a, b}]: two text boxes of one chart that intersect
  outside         [{chart, text}]: a text box not inside its chart's box
  page_width      the laid-out width of the page, in CSS pixels
  moved           how many probabilities with an assumed base moved (simulate --bases) it shows

The rendered page goes to --png (its top --png-height pixels, default all of it) and the
printed A4 document to --pdf. Set CHROMIUM to the browser's path to choose another than
`chromium` on PATH.
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--remote-debugging-pipe",
]

# Page width in CSS pixels: a desktop window; the page's own max-width sets the layout.
VIEWPORT = {"width": 1000, "height": 1400}

COLLECT = r"""
(() => {
  const sections = [...document.querySelectorAll('section[id]')].map(s => s.id);
  const targets = [...document.querySelectorAll('[data-target]')].map(e => {
    const row = e.closest('tr');
    const p = row ? row.querySelector('.probability') : null;
    return {id: e.dataset.target, probability: p ? p.textContent.trim() : null};
  });
  const overlaps = [], outside = [];
  let textBoxes = 0;
  const charts = [...document.querySelectorAll('figure.chart svg')];
  for (const svg of charts) {
    const chart = svg.closest('figure').id || '(unnamed)';
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() !== '')
      .map(t => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}))
      .filter(t => t.box.width > 0 && t.box.height > 0);
    textBoxes += texts.length;
    for (const t of texts) {
      const b = t.box;
      if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5 ||
          b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5) {
        outside.push({chart, text: t.text});
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].box, b = texts[j].box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5) overlaps.push({chart, a: texts[i].text, b: texts[j].text});
      }
    }
  }
  return {
    title: document.title,
    sections, targets, overlaps, outside,
    charts: charts.length,
    text_boxes: textBoxes,
    page_width: document.documentElement.scrollWidth,
    moved: [...document.querySelectorAll('.moved[data-moved]')]
      .filter(e => e.getBoundingClientRect().width > 0).length,
  };
})()
"""


class Browser:
    """Chromium with a DevTools pipe; one page attached in flat mode."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="chainsim-chromium-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # The browser reads commands on fd 3 and writes replies on fd 4. The pipe ends are
        # moved out of the way first, so that placing them on 3 and 4 clobbers none of them.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 100)
                for fd in (to_child_r, to_child_w, from_child_r, from_child_w)]
        for fd in (to_child_r, to_child_w, from_child_r, from_child_w):
            os.close(fd)
        child_r, self.write_fd, self.read_fd, child_w = high
        os.dup2(child_r, 3, inheritable=True)
        os.dup2(child_w, 4, inheritable=True)
        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (3, 4, child_r, child_w):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session):
        for k, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                del self.events[k]
                return event
        while True:
            event = self.receive()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def close(self):
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def errors_in(events):
    """Console errors, uncaught exceptions and failed loads among the events."""
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [a.get("value", a.get("description", "")) for a in params.get("args", [])]
            errors.append("console: " + " ".join(str(a) for a in args))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            errors.append("exception: " + details.get("text", "")
                          + " " + details.get("exception", {}).get("description", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            errors.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--png")
    parser.add_argument("--png-height", type=int)
    parser.add_argument("--pdf")
    args = parser.parse_args()
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        print("no chromium on PATH (set CHROMIUM)", file=sys.stderr)
        return 3
    url = pathlib.Path(args.report).resolve().as_uri()
    browser = Browser(executable)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            browser.send(domain, session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {**VIEWPORT, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired", session)
        browser.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                          "awaitPromise": True}, session=session)
        found = browser.send("Runtime.evaluate", {"expression": COLLECT, "returnByValue": True},
                             session=session)
        if "exceptionDetails" in found:
            raise RuntimeError(f"the collecting script failed: {found['exceptionDetails']}")
        result = found["result"]["value"]
        if args.png:
            size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
            height = size["height"] if not args.png_height else min(size["height"], args.png_height)
            shot = browser.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": height, "scale": 1},
            }, session=session)
            pathlib.Path(args.png).write_bytes(base64.b64decode(shot["data"]))
        if args.pdf:
            pdf = browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                               session=session)
            pathlib.Path(args.pdf).write_bytes(base64.b64decode(pdf["data"]))
        result["console_errors"] = errors_in(browser.events)
    finally:
        browser.close()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
