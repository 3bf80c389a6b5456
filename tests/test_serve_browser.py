"""The web page in a real browser (issue 17): headless Chromium, driven by Selenium through
Debian's chromium-driver, against `kgsearch serve` on a small real index (the seeds, NG
articles, BBC stories). Search, click a year bar and a speaker, open a document, page
forward, turn translation off; a screenshot of each page is kept in the test run's folder.
Skips where Chromium, its driver or Selenium is missing (.ci/run installs them as root)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="no Chromium with its driver here")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(news_archive):
    folder, location = news_archive  # shared by the session: the page only reads it
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kgsearch", "serve", "--index", str(location),
                                "--port", str(port)], cwd=folder.parent, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("kgsearch serve did not start: " + process.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must not look for a browser online
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    driver.shots = tmp_path_factory.mktemp("screenshots")
    yield driver
    driver.quit()


def state(driver) -> dict[str, list[str]]:
    return parse_qs(urlparse(driver.current_url).query)


def settled(driver, arrived) -> None:
    """Wait, 30 s at most, until the address shows the page a click or Enter asked for: read at
    once, it can still be the page before (the assertion after this says what went wrong)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, 30).until(lambda d: arrived(state(d)))
    except TimeoutException:
        pass


def shot(driver, name: str) -> None:
    path = driver.shots / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 1000
    print(f"screenshot: {path}")


def links(driver, fragment: str):
    return driver.find_elements("css selector", f'a[href*="{fragment}"]')


def test_search_filter_by_year_and_speaker_open_a_document(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    box = browser.find_element("css selector", 'input[name="q"]')
    box.send_keys("Россия", Keys.ENTER)
    settled(browser, lambda now: now.get("q") == ["Россия"])
    assert state(browser)["q"] == ["Россия"]
    titles = links(browser, "/document/")
    assert titles, "no results on the page"
    shot(browser, "search")
    year_bar = links(browser, "year=")[0]
    year = parse_qs(urlparse(year_bar.get_attribute("href")).query)["year"][0]
    year_bar.click()
    settled(browser, lambda now: now.get("year") == [year])
    assert state(browser)["year"] == [year] and state(browser)["q"] == ["Россия"]
    assert all(year in e.text for e in browser.find_elements("css selector", ".hit .meta, .meta")[:5])
    speaker_link = links(browser, "speaker=")[0]
    speaker_link.click()
    settled(browser, lambda now: "speaker" in now)
    assert "speaker" in state(browser) and state(browser)["year"] == [year]
    shot(browser, "filtered")
    links(browser, "/document/")[0].click()
    browser.find_element("id", "text")  # the document page's text, waited for (implicitly) before reading its address
    assert "/document/" in browser.current_url
    marks = browser.find_elements("css selector", "mark")
    assert marks, "the document's matches are not marked"
    shot(browser, "document")


def test_page_forward_and_turn_translation_off(server, browser):
    browser.get(server + "/?q=" + urllib.request.quote("railway"))
    assert "железн" in browser.page_source  # the expansion is said (Also searched: railway → железная дорога)
    toggle = links(browser, "translate=0")[0]
    toggle.click()
    settled(browser, lambda now: now.get("translate") == ["0"])
    assert state(browser).get("translate") == ["0"]
    assert "железная дорога" not in browser.find_element("css selector", "body").text
    browser.get(server + "/?q=" + urllib.request.quote("Россия"))
    first = [a.get_attribute("href") for a in links(browser, "/document/")]
    links(browser, "page=2")[0].click()
    settled(browser, lambda now: now.get("page") == ["2"])
    assert state(browser)["page"] == ["2"]
    second = [a.get_attribute("href") for a in links(browser, "/document/")]
    assert second and not set(second) & set(first)
    shot(browser, "page-2")


def test_every_year_label_shows_whole(server, browser):
    """The year facet's labels, "undated" too, are not cut short by the bar beside them (it read "undate")."""
    browser.get(server + "/")
    labels = browser.find_elements("css selector", "#facet-year .label")
    assert "undated" in [label.text for label in labels]
    for label in labels:
        bar = label.find_element("xpath", "following-sibling::span[contains(@class, 'bar')]")
        inside = browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", label)
        label_right = browser.execute_script("return arguments[0].getBoundingClientRect().right", label)
        bar_left = browser.execute_script("return arguments[0].getBoundingClientRect().left", bar)
        assert inside and label_right <= bar_left, label.text
    shot(browser, "years")


def test_an_error_keeps_the_query_and_the_search_box(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/?q=" + urllib.request.quote("(railway OR Китай"))
    assert browser.find_element("id", "error").text
    box = browser.find_element("css selector", 'input[name="q"]')
    assert box.get_attribute("value") == "(railway OR Китай"
    shot(browser, "error")
    box.send_keys(Keys.END, ")", Keys.ENTER)
    settled(browser, lambda now: now.get("q") == ["(railway OR Китай)"])
    assert state(browser)["q"] == ["(railway OR Китай)"]
    assert links(browser, "/document/"), "the corrected query found nothing"
