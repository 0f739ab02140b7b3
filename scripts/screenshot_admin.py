#!/usr/bin/env python
"""Screenshots of the officials' admin, in Chromium, with the Puyang demo data: the home page
(dashboard), the project list and a monthly report awaiting review as a district reviewer
sees them, and a project's change page (with its inlines) as a district reporter edits it.

    .venv/bin/python scripts/screenshot_admin.py [--out artifacts] [--language zh-hans]

Builds a throwaway SQLite database (migrate, load_demo, create_official), serves it with
`runserver` on 127.0.0.1 at a free port, logs in with Playwright (Debian's /usr/bin/chromium,
headless; no `playwright install`), saves PNGs into the output folder, and stops the server.
Needs: apt-get install chromium fonts-noto-cjk.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "screenshot-pass-123"
REVIEWER, REPORTER = "shot-reviewer", "shot-reporter"
DISTRICT = "hualong"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(env):
    """Migrate, load the demo, provision a reporter and a reviewer; return the pk of a
    project rich in milestones and reports, and of a report awaiting review."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    for username, role in ((REVIEWER, "reviewer"), (REPORTER, "reporter")):
        manage(
            env,
            "create_official",
            username,
            "--role",
            role,
            "--district",
            DISTRICT,
            "--password",
            PASSWORD,
        )
    code = (
        "from django.db.models import Count; from projects.models import Project, ProgressReport; "
        f"p = Project.objects.filter(district__code='{DISTRICT}')"
        ".annotate(n=Count('milestones', distinct=True) + Count('reports', distinct=True))"
        ".order_by('-n', 'code').first(); "
        f"r = ProgressReport.objects.filter(project__district__code='{DISTRICT}', "
        "status='submitted').order_by('pk').first(); print(p.pk, r.pk if r else '')"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    project_pk, _, report_pk = out.stdout.strip().splitlines()[-1].partition(" ")
    return project_pk, report_pk


def wait_until_up(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the development server stopped")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the development server did not answer at {url}")


def take_screenshots(base, pages, out_dir, language):
    """Log each official in and save full-page PNGs of its pages: {username: [(file, path)]}."""
    from playwright.sync_api import sync_playwright

    shots = []
    locale = "zh-CN" if language.startswith("zh") else language
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for username, targets in pages.items():
            context = browser.new_context(
                viewport={"width": 1440, "height": 900},
                locale=locale,
                timezone_id="Asia/Shanghai",  # the server's zone: no "hours behind" notes
                extra_http_headers={"Accept-Language": language},
            )
            page = context.new_page()
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_selector("#tracker-dashboard-module")
            for name, path in targets:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out_dir / name
                page.screenshot(path=str(target), full_page=True)
                shots.append(target)
            context.close()
        browser.close()
    return shots


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "artifacts"))
    parser.add_argument("--language", default="zh-hans")
    args = parser.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="screenshot-admin-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "SECRET_KEY": "screenshot-only-not-a-secret",
            "DEBUG": "true",  # runserver serves the admin's static files
            "MEDIA_ROOT": f"{tmp}/media",
        }
        project_pk, report_pk = prepare_database(env)
        pages = {
            REVIEWER: [
                ("admin-home.png", "/admin/"),
                ("admin-project-list.png", "/admin/projects/project/"),
            ],
            REPORTER: [
                ("admin-project-change.png", f"/admin/projects/project/{project_pk}/change/"),
            ],
        }
        if report_pk:
            pages[REVIEWER].append(
                ("admin-report-review.png", f"/admin/projects/progressreport/{report_pk}/change/")
            )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/admin/login/", server)
            for shot in take_screenshots(base, pages, out_dir, args.language):
                print(shot)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
