"""End-to-end: `dyadwatch serve` as a real process, driven by headless Debian Chromium through Selenium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("DYADWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("DYADWATCH_CHROMEDRIVER", "/usr/bin/chromedriver"))
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "dyadwatch", "serve", "--db", str(demo_db), "--port", str(port),
         "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/api/summary", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"dyadwatch serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail(f"Chromium ({CHROMIUM}) or chromedriver ({CHROMEDRIVER}) is missing: "
                    "apt-get install -y chromium chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="dw-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, url: str, shot: str | None = None) -> None:  # type: ignore[no-untyped-def]
    driver.get(url)
    driver.execute_script("return document.readyState")
    if shot:
        driver.save_screenshot(str(SHOTS / f"{shot}.png"))


def _console_problems(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """Severe console messages: CSP violations, failed assets, script errors."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_overview_page(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, server + "/", "overview")
    assert browser.find_elements(By.CSS_SELECTOR, "#dyads tbody tr"), "no dyads listed"
    assert browser.find_elements(By.CSS_SELECTOR, "#changes tbody tr"), "no changed relations listed"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.q1"), "the cooperation chart has no bars"
    assert browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr"), "no recent events"
    # the stylesheet (a bundled asset) applied: the header is dark
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    assert header.value_of_css_property("background-color") == "rgba(29, 35, 48, 1)"
    assert _console_problems(browser) == []


def test_dyad_page_links_to_evidence_sentence(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, server + "/dyad/RUS/PRK", "dyad_RUS_PRK")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")) > 0
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart polyline.ab")
    link = browser.find_element(By.CSS_SELECTOR, "a.evidence")
    sentence = link.text.strip()
    assert sentence
    link.click()
    time.sleep(0.3)
    assert "/article/" in browser.current_url and "#ev-" in browser.current_url
    flashed = browser.find_elements(By.CSS_SELECTOR, "mark.flash")
    assert flashed, "the evidence sentence is not highlighted (app.js did not run?)"
    assert flashed[0].text.strip()[:30] in sentence
    browser.save_screenshot(str(SHOTS / "article_from_dyad.png"))
    assert _console_problems(browser) == []


def test_network_edge_click_lists_its_events(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, server + "/network?quad=4", "network_quad4")
    edges = browser.find_elements(By.CSS_SELECTOR, "#network a.edge-link")
    assert edges and browser.find_elements(By.CSS_SELECTOR, "#network path.edge.conf")
    source, target = edges[-1].get_attribute("data-source"), edges[-1].get_attribute("data-target")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edges[-1])
    time.sleep(0.5)
    assert f"edge={source}-{target}" in browser.current_url and "quad=4" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#edge-events table.events tbody tr")
    assert rows, "clicking an edge listed no events"
    browser.save_screenshot(str(SHOTS / "network_edge.png"))
    assert _console_problems(browser) == []


def test_actor_page_and_search(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, server + "/actor/RUS", "actor_RUS")
    assert browser.find_elements(By.CSS_SELECTOR, "#partners tbody tr")
    box = browser.find_element(By.ID, "actor-search")
    box.send_keys("Putin")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not browser.find_elements(By.CSS_SELECTOR, "#actor-hits option"):
        time.sleep(0.1)
    options = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#actor-hits option")]
    assert "RUSGOV" in options, "the search box got no suggestions from /api/actors"
    assert _console_problems(browser) == []


def test_xss_article_renders_as_text(server: str, browser, xss_id: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _open(browser, f"{server}/article/{xss_id}", "article_xss")
    time.sleep(0.5)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - raises when no alert is open
    body = browser.find_element(By.CSS_SELECTOR, ".field-body").text
    assert "<script>alert(1)</script>" in body
    assert "<img src=x onerror=alert(1)>" in body
    assert 'href="javascript:alert(1)"' in body
    assert browser.find_elements(By.CSS_SELECTOR, "[onerror]") == []
    assert browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert browser.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
    assert scripts == [server + "/static/app.js"]
    assert browser.find_elements(By.CSS_SELECTOR, "mark.actor") and browser.find_elements(By.CSS_SELECTOR, "mark.event")
    assert _console_problems(browser) == []


def test_error_page_and_event_page(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, server + "/?since=not-a-date", "error_bad_date")
    assert "is not a date" in browser.find_element(By.ID, "error").text
    _open(browser, server + "/dyad/RUS/UKR")
    browser.find_element(By.CSS_SELECTOR, "table.events td.num a").click()
    time.sleep(0.3)
    assert "/event/" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")
    browser.save_screenshot(str(SHOTS / "event.png"))
