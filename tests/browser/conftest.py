"""Browser tests: Playwright for Python driving Debian's Chromium against a live server over
the session's committed Puyang demo (`live_url` and `demo_db` in tests/conftest.py; static
files, ECharts included, are served through staticfiles' handler).

Every test here is marked `browser` and runs in a transaction rolled back afterwards (`db`):
on SQLite the server shares it; on PostgreSQL the server has connections of its own, which
see the demo but not what the test writes, and commit what the server writes (it stays until
the end of the session). A test whose own writes the server must see makes them with
`as_the_server` (tests/live.py) and is marked `commits`: it runs after the other browser
tests (tests/conftest.py orders them). Figures the server caches (in the database) are best
computed with `as_the_server` too, or the server's request for the same key waits for the
test's transaction. A page fixture fails the test on any JavaScript
error, console error or failed request. Screenshots go to artifacts/screenshots/
(git-ignored).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ECHARTS = Path(settings.BASE_DIR) / "static" / "vendor" / "echarts" / "echarts.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    if not ECHARTS.exists():
        pytest.fail(f"{ECHARTS} is missing: run `make assets` (npm ci + scripts/copy-assets.js)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def demo(request, demo_db, db):
    """The session's Puyang demo, for every test, in a transaction of the test's own.

    A test on pytest-django's `live_server` is transactional instead: what it writes is
    committed and the database is emptied after it. Such tests run last (tests/conftest.py),
    each on a demo of its own: loaded again on an emptied database, as tests before it may
    have written (schemathesis as a city administrator) or emptied it."""
    if "live_server" in request.fixturenames:
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_demo", verbosity=0)
    return demo_db


# Reports every Content-Security-Policy violation of a page as a console error (Chromium
# also logs most of them, but not every kind, e.g. report-only or inline style attributes).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}` +
                ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class BrowserErrors(list):
    """Console errors, uncaught exceptions, failed requests and CSP violations of one page."""

    def watch(self, page):
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", lambda m: m.type == "error" and self.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.append(f"exception: {e}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.append(f"HTTP {r.status}: {r.url}"),
        )
        page.on("requestfailed", self._failed)

    def _failed(self, request):
        # A request the browser cancels because the page navigated away is not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.append(f"failed: {request.url} {request.failure}")


def _page(browser, live_url, **context_options):
    context = browser.new_context(
        base_url=live_url,
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        **context_options,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = BrowserErrors()
    errors.watch(page)
    return context, page, errors


@pytest.fixture
def page(browser, live_url):
    """A Chinese-speaking visitor's tab; the test fails on any JavaScript or request error."""
    context, page, errors = _page(browser, live_url, locale="zh-CN")
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def screenshot():
    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
