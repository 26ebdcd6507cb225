"""The HTML documents as a reader meets them: opened in a real, headless Chromium.

For each contract's HTML document (rendered with the golden year): the page loads with no console
message of level error or warning, no uncaught exception and no request for anything but the page
itself; every table-of-contents link points at an element that exists in the DOM Chromium built;
a screenshot (and one in print media) is saved under the test's temporary folder.

Chromium is driven over the DevTools protocol (a websocket on the loopback address, through the
`websocket-client` package): no Playwright, no WebDriver. The test is skipped, saying why, only
when no Chromium binary is installed (Debian: `apt-get install -y chromium`).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import websocket
from click.testing import CliRunner

from sladsl.cli import main
from sladsl.parser import parse
from sladsl.render.environment import render
from sladsl.render.view import build_view

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
YEAR = 2026
BINARY = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    BINARY is None,
    reason="no Chromium binary (chromium, chromium-browser or google-chrome) on PATH: "
    "install Debian's `chromium` to open the documents in a real browser",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    "about:blank",
]
TIMEOUT = 30.0


class DevTools:
    """A minimal DevTools-protocol client over one websocket, with one attached page session."""

    def __init__(self, url: str) -> None:
        self.socket = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session is not None:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)
        raise TimeoutError(f"no answer to {method} within {TIMEOUT} s")

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {TIMEOUT} s")
            self.events.append(json.loads(self.socket.recv()))

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless Chromium with a new, empty profile; yields its DevTools websocket URL."""
    assert BINARY is not None
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [BINARY, f"--user-data-dir={profile}", *FLAGS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + TIMEOUT
        assert process.stderr is not None
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            url = found.group(1) if found else None
        assert url is not None, "Chromium did not start its DevTools endpoint"
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@attrs.frozen
class Visit:
    """What a page did in the browser."""

    problems: list[str]  # console errors and warnings, log errors, uncaught exceptions
    requested: list[str]  # every URL the page asked for
    links: list[tuple[str, bool]]  # table-of-contents hrefs, and whether each resolves


TOC_CHECK = """JSON.stringify([...document.querySelectorAll('nav.toc a')].map(a => {
  const href = a.getAttribute('href');
  return [href, href.startsWith('#') && document.getElementById(href.slice(1)) !== null];
}))"""


def visit(url: str, page: Path, screenshots: Path | None = None) -> Visit:
    """Open the page in a new tab; save a screenshot, a print-media one and a PDF if asked."""
    tools = DevTools(url)
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.call(f"{domain}.enable")
        tools.call("Page.navigate", {"url": page.as_uri()})
        tools.wait_for("Page.loadEventFired")
        found = tools.call("Runtime.evaluate", {"expression": TOC_CHECK})["result"]["value"]
        if screenshots is not None:
            stem = page.stem
            shot = tools.call("Page.captureScreenshot", {"captureBeyondViewport": True})
            (screenshots / f"{stem}.png").write_bytes(base64.b64decode(shot["data"]))
            pdf = tools.call("Page.printToPDF", {"printBackground": False})
            (screenshots / f"{stem}.pdf").write_bytes(base64.b64decode(pdf["data"]))
            tools.call("Emulation.setEmulatedMedia", {"media": "print"})
            printed = tools.call("Page.captureScreenshot", {})
            (screenshots / f"{stem}-print.png").write_bytes(base64.b64decode(printed["data"]))
        time.sleep(0.2)  # let late messages arrive, then flush them with one more call
        tools.call("Runtime.evaluate", {"expression": "1"})
    finally:
        tools.close()
    problems = []
    for event in tools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
            problems.append(f"console {params['type']}: {params['args']}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            problems.append(f"log {params['entry']['level']}: {params['entry']['text']}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params['exceptionDetails']['text']}")
    requested = [
        e["params"]["request"]["url"]
        for e in tools.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    return Visit(problems, requested, [tuple(pair) for pair in json.loads(found)])


def test_the_check_sees_what_goes_wrong(browser: str, tmp_path: Path) -> None:
    """A control: a page with a console error and a missing image fails every check."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><nav class="toc"><a href="#nowhere">x</a></nav>'
        '<script>console.error("boom")</script><img src="missing.png"></body></html>',
        encoding="utf-8",
    )
    seen = visit(browser, page)
    assert any("boom" in problem for problem in seen.problems)
    assert any(problem.startswith("log error") for problem in seen.problems)
    assert (tmp_path / "missing.png").as_uri() in seen.requested
    assert seen.links == [("#nowhere", False)]


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.stem for p in CONTRACTS])
def test_document_in_a_real_browser(path: Path, browser: str, tmp_path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    contract = parse(source).contract
    assert contract is not None
    page = tmp_path / f"{path.stem}.html"
    page.write_text(render(build_view(contract, source, path.name, YEAR), "html"), "utf-8")
    seen = visit(browser, page, screenshots=tmp_path)
    assert seen.problems == []
    assert seen.requested == [page.as_uri()]
    assert len(seen.links) > 5
    assert [href for href, resolves in seen.links if not resolves] == []
    screenshot = (tmp_path / f"{path.stem}.png").read_bytes()
    assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 50_000
    assert (tmp_path / f"{path.stem}.pdf").read_bytes().startswith(b"%PDF")


SVG_SIZES = """JSON.stringify([...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  return [svg.id, Math.round(box.width), Math.round(box.height)];
}))"""


def test_compliance_report_in_a_real_browser(browser: str, tmp_path: Path) -> None:
    """`sladsl eval --format html` of two customers: the page, its links and its inline charts."""
    result = CliRunner().invoke(
        main,
        [
            "eval",
            str(ROOT / "contracts" / "voip.sla"),
            str(ROOT / "tests" / "eval_reports" / "two-customers.jsonl"),
            "--param",
            "monthly_fee=1000",
            "--to",
            "2026-04-30T00:00:00Z",
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.output
    page = tmp_path / "report-two-customers.html"
    page.write_text(result.stdout, "utf-8")
    seen = visit(browser, page, screenshots=tmp_path)
    assert seen.problems == []
    assert seen.requested == [page.as_uri()]
    assert len(seen.links) > 5
    assert [href for href, resolves in seen.links if not resolves] == []
    screenshot = (tmp_path / "report-two-customers.png").read_bytes()
    assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 50_000
    assert (tmp_path / "report-two-customers.pdf").read_bytes().startswith(b"%PDF")
    tools = DevTools(browser)
    try:
        tools.call("Page.enable")
        tools.call("Page.navigate", {"url": page.as_uri()})
        tools.wait_for("Page.loadEventFired")
        sizes = tools.call("Runtime.evaluate", {"expression": SVG_SIZES})["result"]["value"]
    finally:
        tools.close()
    charts = json.loads(sizes)
    assert len(charts) == 4  # availability and error budget, for each of the two customers
    assert all(width > 200 and height > 100 for _, width, height in charts), charts
