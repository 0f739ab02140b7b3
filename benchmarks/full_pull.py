"""A full pull of every published project through the bulk feed, against COPY of the same
rows, and an incremental sync after ten changes (issue 21's goals):

- the time of `GET /api/v1/feed/projects.ndjson` (anonymous: the published projects), read to
  the end, and the resident memory of the serving workers while it streams;
- the time of `COPY (SELECT … the same rows …) TO STDOUT` on the same database;
- the share of COPY's speed the feed reaches (goal ≥ 0.25, i.e. at most 4× COPY's time);
- a sync after ten changes: the change feed after the cursor a client holds transfers ten
  changes and nothing more (the ten projects are renamed, then renamed back).

Usage (the database the application uses in the environment, the application's address and
the PIDs of its worker processes):

    .venv/bin/python benchmarks/full_pull.py http://127.0.0.1:8000 [PID ...]
"""

import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from projects.models import Project  # noqa: E402
from sync.models import ChangeLog  # noqa: E402

# The rows the feed writes, as the database can hand them over: each published project with
# its unit, industry and owner, its plans, milestones and funding, and its year's totals.
COPY_SQL = """
COPY (
    SELECT p.*, d.code, d.name, i.code, i.name, e.credit_code, e.name,
        (SELECT json_agg(a) FROM projects_annualplan a WHERE a.project_id = p.id),
        (SELECT json_agg(m) FROM projects_milestone m WHERE m.project_id = p.id),
        (SELECT json_agg(f) FROM projects_funding f WHERE f.project_id = p.id),
        (SELECT json_agg(y) FROM projects_projectyear y WHERE y.project_id = p.id)
    FROM projects_project p
    JOIN districts_district d ON d.id = p.district_id
    LEFT JOIN projects_industry i ON i.id = p.industry_id
    LEFT JOIN enterprises_enterprise e ON e.id = p.owner_id
    WHERE p.is_published
    ORDER BY p.id
) TO STDOUT
"""

# The projects' own rows alone (what the issue's first measure copied: 0.69 s for 98,198).
BARE_COPY_SQL = "COPY (SELECT * FROM projects_project WHERE is_published ORDER BY id) TO STDOUT"


class Sink:
    size = 0

    def write(self, data):
        self.size += len(data)


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


class MemoryWatch(threading.Thread):
    """The largest growth of any worker's resident memory over its size at the start."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.start_kb = {pid: rss_kb(pid) for pid in pids}
        self.peak_kb = dict(self.start_kb)
        self.running = True

    def run(self):
        while self.running:
            for pid in self.peak_kb:
                self.peak_kb[pid] = max(self.peak_kb[pid], rss_kb(pid))
            time.sleep(0.05)

    def growth_mb(self):
        if not self.start_kb:
            return None
        return max(self.peak_kb[pid] - self.start_kb[pid] for pid in self.start_kb) / 1024


def pull(url):
    started = time.perf_counter()
    lines = size = 0
    with urllib.request.urlopen(url, timeout=3600) as response:
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return time.perf_counter() - started, lines, size


def copy_time(sql):
    with connection.cursor() as cursor:
        sink = Sink()
        started = time.perf_counter()
        cursor.copy_expert(sql, sink)
        return time.perf_counter() - started, sink.size


def get_json(url):
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
    return json.loads(body), len(body)


def main():
    app, pids = sys.argv[1], [int(pid) for pid in sys.argv[2:]]
    published = Project.objects.filter(is_published=True).count()
    print(f"full pull of {published} published projects:")
    pull(f"{app}/api/v1/feed/districts.ndjson")  # the workers' first request is not the pull's
    watch = MemoryWatch(pids)
    watch.start()
    feed_s, lines, size = pull(f"{app}/api/v1/feed/projects.ndjson")
    watch.running = False
    watch.join()
    copy_s, copy_size = copy_time(COPY_SQL)
    bare_s, bare_size = copy_time(BARE_COPY_SQL)
    growth = watch.growth_mb()
    print(
        f"  feed   GET /api/v1/feed/projects.ndjson  {feed_s:8.2f} s  {lines} lines "
        f"{size / 1e6:.1f} MB  ({lines / feed_s:,.0f} rows/s)"
    )
    print(f"  COPY   the same rows TO STDOUT           {copy_s:8.2f} s  {copy_size / 1e6:.1f} MB")
    print(f"  COPY   the projects' rows alone          {bare_s:8.2f} s  {bare_size / 1e6:.1f} MB")
    print(
        f"  share of COPY's speed: {copy_s / feed_s:.3f} of the same rows "
        f"(goal >= 0.25; feed = {feed_s / copy_s:.1f}x COPY), "
        f"{bare_s / feed_s:.3f} of the projects' rows alone"
    )
    if growth is not None:
        print(
            f"  serving workers' memory during the pull: +{growth:.1f} MB at most (goal: flat, +-50 MB)"
        )

    # A client that synced everything holds the newest cursor; ten projects change.
    newest = ChangeLog.objects.order_by("-txid", "-seq").first()
    cursor = f"{newest.txid}.{newest.seq}" if newest else "0.0"
    projects = list(Project.objects.filter(is_published=True).order_by("?")[:10])
    with transaction.atomic():
        for project in projects:
            project.name = project.name + "·"
            project.save(update_fields=["name", "updated_at"])
    started = time.perf_counter()
    body, size = get_json(f"{app}/api/v1/changes/?since={cursor}&limit=1000")
    took = time.perf_counter() - started
    keys = sorted(row["key"] for row in body["results"])
    print(
        f"sync after 10 changes: {len(body['results'])} changes transferred "
        f"({size / 1e3:.1f} kB, {took * 1000:.0f} ms); the 10 changed: "
        f"{keys == sorted(project.code for project in projects)}"
    )
    with transaction.atomic():  # the names as they were
        for project in projects:
            project.name = project.name.removesuffix("·")
            project.save(update_fields=["name", "updated_at"])


if __name__ == "__main__":
    main()
