"""The reprint desk in a real browser, as an editor uses it: headless Chromium driven through its chromedriver.

The desk runs under uvicorn on 127.0.0.1, on a port the system picks, in a thread of this process, over a
copy of the seeds and their index. Chromium pastes 001's text into the check page, submits it, finds 000
as a match with Araqchi → Araghchi marked (in the desk's list and in the report's side by side), follows
the link to 000's page, and uploads an HTML page. Skipped, with the reason, without ``chromium``,
``chromedriver`` (Debian's ``chromium-driver``) or Selenium.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("selenium")
pytest.importorskip("uvicorn")
import uvicorn
from helpers import SEED_A, SEED_B
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from test_serve import build_archive

from provenance.ci import Policy
from provenance.serve import Desk, create_app
from provenance.serve import app as serve_app
from provenance.settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromedriver is not installed (apt-get install chromium-driver)"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[tuple[str, Desk]]:
    """The desk's address, and the desk."""
    root = tmp_path_factory.mktemp("desk-browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        config = build_archive(root, seeds_dir)
        with Desk(config, Settings(), Policy(folder="seeds")) as desk:
            server = uvicorn.Server(uvicorn.Config(create_app(desk), host="127.0.0.1", port=0, log_level="warning"))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 30
            while not server.started:
                assert time.monotonic() < deadline and thread.is_alive(), "the desk did not start"
                time.sleep(0.05)
            port = server.servers[0].sockets[0].getsockname()[1]
            try:
                yield f"http://127.0.0.1:{port}", desk
            finally:
                server.should_exit = True
                thread.join(10)


@pytest.fixture(scope="module")
def desk_url(served: tuple[str, Desk]) -> str:
    return served[0]


@contextlib.contextmanager
def _page_elsewhere(html: str) -> Iterator[str]:
    """``html`` served on another site than the desk's (``localhost``, the desk being on ``127.0.0.1``): its
    address."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode("utf-8"))

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _submit(driver: Any) -> None:
    driver.find_element(By.ID, "check").click()
    deadline = time.monotonic() + 60
    while not driver.find_elements(By.ID, "verdict"):
        errors = driver.find_elements(By.ID, "error")
        assert not errors, errors[0].text
        assert time.monotonic() < deadline, "no verdict shown"
        time.sleep(0.1)


def test_paste_check_follow_and_upload(desk_url: str, browser: Any, seeds_dir: Path, tmp_path: Path) -> None:
    driver = browser
    driver.get(desk_url + "/")
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    box = driver.find_element(By.ID, "text")
    # Pasted as an editor would: the text set in the box (typing 5,000 characters key by key adds nothing).
    driver.execute_script("arguments[0].value = arguments[1];", box, text)
    _submit(driver)

    assert "FAIL" in driver.find_element(By.ID, "verdict").text  # 001 itself is archived: a near-exact copy
    sources = [row.get_attribute("data-source") for row in driver.find_elements(By.CSS_SELECTOR, "tr.match")]
    assert SEED_A in sources and not any(s.startswith(("002", "003", "004")) for s in sources)
    row = driver.find_element(By.CSS_SELECTOR, f'tr.match[data-source="{SEED_A}"]')
    assert "share a common source" in row.text
    section = driver.find_element(By.ID, f"m-{SEED_A}")
    marked = [m.text for m in section.find_elements(By.CSS_SELECTOR, "p.spellings mark.k-name-variant")]
    assert "Araqchi → Araghchi" in marked
    # The report's side by side, in its frame: the two spellings marked across from each other.
    frame = section.find_element(By.CSS_SELECTOR, "iframe.sbs")
    assert frame.size["height"] > 200
    driver.switch_to.frame(frame)
    variants = {m.text for m in driver.find_elements(By.CSS_SELECTOR, ".row.aligned mark.k-name-variant")}
    # The report's own script runs there (the page's policy allows exactly it): j moves to the first change.
    ActionChains(driver).click(driver.find_element(By.TAG_NAME, "h1")).send_keys("j").perform()
    focused = driver.switch_to.active_element
    assert focused.tag_name == "mark" and "chg" in (focused.get_attribute("class") or "")
    driver.switch_to.default_content()
    assert {"Araqchi", "Araghchi"} <= variants

    row.find_element(By.LINK_TEXT, SEED_A).click()
    assert driver.current_url == f"{desk_url}/articles/{SEED_A}"
    assert driver.find_element(By.TAG_NAME, "h1").text == SEED_A
    assert SEED_B in driver.find_element(By.ID, "shares").text

    # An HTML page uploaded: 001's paragraphs in a page of its own.
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    page = tmp_path / "reprint.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>A reprint</title></head><body><nav>Home | World</nav>"
        f"<article><h1>A reprint</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    driver.get(desk_url + "/")
    driver.find_element(By.ID, "file").send_keys(str(page))
    _submit(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Check of reprint.html"
    sources = [row.get_attribute("data-source") for row in driver.find_elements(By.CSS_SELECTOR, "tr.match")]
    assert SEED_A in sources
    logs = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    assert logs == []  # nothing blocked by the policy, nothing failed to load


def test_a_report_opened_at_a_malformed_address_still_builds_its_details(
    browser: Any, seed_scan: Any, tmp_path: Path
) -> None:
    # "#%E0" cannot be decoded: the report must still take up its pairs (the first is built as it is shown).
    from provenance.report import render_html

    page = tmp_path / "report.html"
    page.write_text(render_html(seed_scan), encoding="utf-8")
    browser.get(page.as_uri() + "#%E0%A4%A")
    deadline = time.monotonic() + 30
    while browser.execute_script("return document.documentElement.getAttribute('data-details')") is None:
        assert time.monotonic() < deadline, "the pairs' details were never taken up"
        time.sleep(0.1)
    assert browser.find_element(By.CSS_SELECTOR, "#pair-1 .detail .sbs")
    browser.get(page.as_uri() + "#pair-1-s2")  # a well-formed one still opens and goes to its row
    assert browser.execute_script("return document.getElementById('pair-1-s2') !== null")


def test_a_page_elsewhere_makes_the_desk_do_no_work_but_may_link_to_it(
    served: tuple[str, Desk], browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its images, frame, style sheet and fetch each ran a check of 000 (or a survey of the archive) before.
    desk_url, desk = served
    work: list[str] = []
    article, survey = desk.article, desk.survey
    monkeypatch.setattr(desk, "article", lambda doc_id: work.append(doc_id) or article(doc_id))
    monkeypatch.setattr(desk, "survey", lambda: work.append("survey") or survey())
    refused: list[str] = []
    error = serve_app._error
    monkeypatch.setattr(
        serve_app, "_error", lambda status, message, api: refused.append(message) or error(status, message, api)
    )
    target = f"{desk_url}/articles/{SEED_A}"
    with _page_elsewhere(f'<a id="visit" href="{target}">000</a>') as elsewhere:
        browser.get(elsewhere)
        answered = browser.execute_async_script(
            """const [urls, done] = arguments;
            const loaded = (element, url, key, parent) => new Promise(settle => {
              element.onload = element.onerror = settle; element[key] = url; parent?.append(element);
            });
            Promise.all([
              loaded(new Image(), urls[0], "src"), loaded(new Image(), urls[1], "src"),
              loaded(document.createElement("iframe"), urls[2], "src", document.body),
              loaded(Object.assign(document.createElement("link"), {rel: "stylesheet"}), urls[3], "href",
                     document.head),
              fetch(urls[4], {mode: "no-cors"}).catch(String),
            ]).then(() => done("answered"));""",
            [f"{target}?1", f"{desk_url}/clusters", f"{target}?2", f"{target}?3", f"{target}?4"],
        )
        assert answered == "answered"  # every request went out and was answered: refused
        assert work == []
        # Speculation rules: Chromium prefetches as if the editor had typed the address (Sec-Fetch-Site none),
        # across sites only while the browser holds no cookie of the desk (none of a new session).
        browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
        browser.execute_script(
            """const rules = Object.assign(document.createElement("script"), {type: "speculationrules"});
            const prefetch = [{source: "list", urls: [arguments[0]], eagerness: "immediate"}];
            rules.textContent = JSON.stringify({prefetch});
            document.head.append(rules);""",
            f"{target}?5",
        )
        deadline = time.monotonic() + 30
        while not work and not [m for m in refused if "prefetch" in m]:
            assert time.monotonic() < deadline, "the prefetch never reached the desk"
            time.sleep(0.05)
        assert work == []
        # A page's script moving the window along (no click of the editor's) is no visit: refused.
        browser.execute_script("location.href = arguments[0]", f"{target}?6")
        WebDriverWait(browser, 30).until(lambda b: "another site" in b.find_element(By.TAG_NAME, "body").text)
        assert work == []
        browser.back()
        browser.find_element(By.ID, "visit").click()  # a link followed is a visit: the page opens
        assert browser.find_element(By.TAG_NAME, "h1").text == SEED_A
    assert work == [SEED_A]


_HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_a_hostile_article_checked_and_added_runs_nothing(desk_url: str, browser: Any, tmp_path: Path) -> None:
    # Markup in an article's title, outlet, links, text and file name: shown as text on the result page and,
    # once added through the page's own form (a post the desk's guards must let through), on its page.
    page = tmp_path / "<svg onload=alert(9)>.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>{html.escape(_HOSTILE)}</title>"
        '<meta property="og:site_name" content="&lt;svg onload=alert(3)&gt;">'
        '<meta property="og:url" content="javascript:alert(4)"><link rel="canonical" href="javascript:alert(5)">'
        f"</head><body><article><h1>{html.escape(_HOSTILE)}</h1>"
        + "".join(
            f"<p>{html.escape(_HOSTILE)} Paragraph {n} of a hostile page, long enough to read.</p>" for n in range(8)
        )
        + "</article></body></html>",
        encoding="utf-8",
    )
    browser.get_log("browser")  # what earlier tests left there
    browser.get(desk_url + "/")
    browser.find_element(By.ID, "file").send_keys(str(page))
    _submit(browser)

    def nothing_runs() -> None:
        markup = "script, img, svg, object, embed, iframe:not(.sbs), a[href^='javascript']"
        assert browser.execute_script(f"return document.querySelectorAll({markup!r}).length") == 0
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.accept()

    assert browser.find_element(By.TAG_NAME, "h1").text == "Check of svg_onload_alert_9_.html"
    nothing_runs()
    doc_id = browser.find_element(By.ID, "doc-id")
    doc_id.clear()
    doc_id.send_keys("zz_hostile")
    browser.find_element(By.CSS_SELECTOR, "#add-form button").click()
    deadline = time.monotonic() + 30
    while not browser.current_url.endswith("/articles/zz_hostile"):
        errors = browser.find_elements(By.ID, "error")
        assert not errors, errors[0].text
        assert time.monotonic() < deadline, "the article was not added"
        time.sleep(0.1)
    facts = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in browser.find_elements(By.CSS_SELECTOR, "table tr")
        if row.find_elements(By.TAG_NAME, "th")
    }
    assert _HOSTILE in facts["title"] and facts["outlet"] == "<svg onload=alert(3)>"
    assert _HOSTILE in browser.find_element(By.TAG_NAME, "pre").text
    nothing_runs()
    logs = [entry for entry in browser.get_log("browser") if entry.get("level") == "SEVERE"]
    assert logs == []  # nothing refused by the policy either: no markup reached the page
