"""Browser journeys: every role's day in headless Chromium (Debian's, no browser download) against a server this
harness starts on a fresh demo county. Each test is one journey; a failing one leaves a screenshot of every page it had
open, and the server's log, in $JOURNEY_ARTIFACTS (default journeys/artifacts)."""
import os
import pathlib
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = pathlib.Path(os.environ.get("JOURNEY_ARTIFACTS", ROOT / "journeys" / "artifacts"))
PASSWORD = "demo2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _binary() -> str:
    if os.environ.get("BOTTOMLINE_BIN"):
        return os.environ["BOTTOMLINE_BIN"]
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return os.path.join(path, "bottomline")


class Server:
    def __init__(self, base: str, db: str, work: str):
        self.base, self.db, self.work = base, db, work

    def uuid(self, sql: str, *args) -> str:
        """The first column of the first row, a record's id as the site writes it in addresses."""
        value = self.query(sql, *args)[0][0]
        return (str(uuid.UUID(bytes=value)) if isinstance(value, bytes) else str(value)).upper()

    def query(self, sql: str, *args):
        """Reads the demo county's database to choose whom a journey works on (never to check an outcome)."""
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as con:
            return con.execute(sql, args).fetchall()


@pytest.fixture(scope="session")
def server():
    binary = _binary()
    work = tempfile.mkdtemp(prefix="bottomline-journeys.")
    db = os.path.join(work, "county.sqlite")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    subprocess.run([binary, "demo", "--db", db, "--households", "2000", "--seed", "7"], check=True, capture_output=True)
    # Two more village cadres: one of a village with a household no procedure has touched (the identification
    # journey starts there), one of the village whose demo case waits at 乡镇审核 (it posts the 结果公告).
    def one(sql):
        with sqlite3.connect(db) as con:
            return con.execute(sql).fetchone()[0]
    fresh = one("SELECT village_code FROM households h WHERE status = 'active' AND monitoring_category IS NULL "
                "AND village_code LIKE '411681101%' AND village_code <> (SELECT region_code FROM users WHERE username = 'cun') "
                "AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.village_code = h.village_code) "
                "AND NOT EXISTS (SELECT 1 FROM clues c WHERE c.village_code = h.village_code) ORDER BY village_code LIMIT 1")
    posting = one("SELECT village_code FROM cases WHERE stage = 'township_review' ORDER BY village_code LIMIT 1")
    # And one of a village with a monitored household that could have its risk eliminated once its cadre records this
    # year's income and says which risks are gone: monitored over seven months, able to work, no 三保障 gap, visited
    # lately with no visit finding income falling, no procedure open.
    eliminable = one("""SELECT h.village_code FROM households h WHERE h.status = 'active' AND h.monitoring_category IS NOT NULL
        AND h.risk_eliminated_on IS NULL AND h.monitoring_since <= date('now', '-7 months') AND h.has_labour
        AND NOT (h.gap_housing OR h.gap_education OR h.gap_medical OR h.gap_water)
        AND EXISTS (SELECT 1 FROM measures m WHERE m.household_id = h.id AND m.status <> 'stopped')
        AND EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.visited_on >= date('now', '-5 months'))
        AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.visited_on >= date('now', '-7 months') AND v.income_trend = 'falling')
        AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id AND c.stage NOT IN ('completed', 'rejected'))
        ORDER BY h.number LIMIT 1""")
    for user, village, name in [("cunj", fresh, "新村支书"), ("cunp", posting, "公告村支书"), ("cune", eliminable, "消除村支书")]:
        subprocess.run([binary, "user", "add", user, "--role", "village", "--region", village, "--name", name,
                        "--password", PASSWORD, "--db", db], check=True, capture_output=True)
    log = open(os.path.join(work, "server.log"), "w")
    env = dict(os.environ, BOTTOMLINE_PUBLIC_URL=base)
    proc = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("server did not start: " + open(os.path.join(work, "server.log")).read()[-2000:])
    yield Server(base, db, work)
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
    if os.environ.get("JOURNEY_KEEP_SERVER_LOG") or getattr(Server, "failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(work, "server.log"), ARTIFACTS / "server.log")
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


class Browsers:
    """The contexts a journey opens: one per person, at phone or desktop width; screenshots of each on failure."""

    def __init__(self, chromium, server, name):
        self.chromium, self.server, self.name, self.contexts = chromium, server, name, []

    def open(self, user: str | None, width: str = "desktop", accept_downloads: bool = False):
        phone = width == "phone"
        context = self.chromium.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone,
                                            locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(30_000)
        self.contexts.append((user or "anonymous", width, context))
        page = context.new_page()
        if user:
            sign_in(page, self.server, user)
        return page

    def screenshots(self):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for n, (user, width, context) in enumerate(self.contexts):
            for k, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{self.name}-{n}-{user}-{width}-{k}.png"), full_page=True)
                except Exception:
                    pass

    def close(self):
        for _, _, context in self.contexts:
            context.close()


@pytest.fixture
def browsers(request, chromium, server):
    b = Browsers(chromium, server, request.node.name)
    yield b
    if getattr(request.node, "failed_call", False):
        Server.failed = True
        b.screenshots()
    b.close()


def sign_in(page, server, user: str, password: str = PASSWORD):
    page.goto(server.base + "/login")
    page.fill("#u", user)
    page.fill("#p", password)
    page.click("form button")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{user} could not sign in: " + page.inner_text("main")


def text(page) -> str:
    return page.inner_text("main")
