"""Playwright driving Debian's chromium against a live casetrail on 127.0.0.1.

There is no skip: a missing chromium fails the run (scripts/test installs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright

from casetrail.accounts.roles import Role
from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the tests themselves are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CASETRAIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM}: run scripts/ensure-chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab that fails the test on any console error from the service's pages.

    Not counted: the status of a document the test meant to open (a 403 or 429
    page logs its own status), and scripts the test injects itself, such as axe,
    which have no source URL.
    """
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    errors: list[tuple[str, str]] = []
    documents: set[str] = set()
    tab.on(
        "console",
        lambda message: (
            message.type == "error"
            and errors.append((message.text, message.location.get("url", "")))
        ),
    )
    tab.on("pageerror", lambda error: errors.append((str(error), "page")))
    tab.on(
        "response",
        lambda response: (
            response.request.resource_type == "document" and documents.add(response.url)
        ),
    )
    yield tab
    context.close()
    faults = [
        text
        for text, url in errors
        if url and not (text.startswith("Failed to load resource") and url in documents)
    ]
    assert faults == [], f"errors in the browser console: {faults}"


def submit_sign_in(page: Page, username: str, password: str, times: int = 1) -> None:
    """Fill in and send the sign-in form as a person would, `times` times over."""
    page.goto("/sign-in/")
    for _ in range(times):
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def sign_in_as(page: Page, make_user):
    def sign_in(role: Role, **kwargs):
        user = make_user(role, **kwargs)
        submit_sign_in(page, user.username, PASSWORD)
        page.wait_for_url("**/")
        return user

    return sign_in


def assert_accessible(page: Page) -> None:
    """Fail with each rule broken and the elements that break it, if axe finds any."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    problems = [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:120]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert not problems, f"{page.url} breaks WCAG 2.2 AA rules:\n" + "\n".join(problems)
