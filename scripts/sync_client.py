#!/usr/bin/env python3
"""An example client that keeps a local copy of the tracker's published data in sync
(docs/api.md "Syncing"): the first run pulls everything from the bulk feed, every later run
applies only what changed since (the change feed). Standard library only.

    python3 scripts/sync_client.py http://127.0.0.1:8000 copy.json [--token KEY]

The copy is one JSON file: {"cursor": …, "resources": {type: {key: row}}}. Run it as often as
wanted (a systemd timer, cron); each run prints what it did.
"""

import argparse
import json
import urllib.parse
import urllib.request
from pathlib import Path

# The bulk feeds and the change feed's name for their rows, with the field that keys a row.
FEEDS = {
    "projects": ("project", "code"),
    "districts": ("district", "code"),
    "rounds": ("round", "code"),
    "progress-reports": ("progress-report", "id"),
    "problems": ("problem", "tracking_code"),
}


def get(base, path, token, **params):
    url = f"{base}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=600)


def full_pull(base, token):
    """Every row of every feed, and the change-feed cursor to go on from (that of the first
    feed: read before its rows, so nothing changed during the pull is missed)."""
    resources, cursor = {}, None
    for name, (kind, key) in FEEDS.items():
        rows = resources[kind] = {}
        with get(base, f"feed/{name}.ndjson", token) as response:
            cursor = cursor or response.headers["X-Tracker-Cursor"]
            for line in response:  # one JSON object a line, read as it arrives
                row = json.loads(line)
                rows[str(row[key])] = row
    return {"cursor": cursor, "resources": resources}


def follow(base, token, copy, limit=500):
    """Apply the changes after the copy's cursor, page by page; how many were applied."""
    applied = 0
    while True:
        with get(base, "changes/", token, since=copy["cursor"], limit=limit) as response:
            page = json.load(response)
        for change in page["results"]:
            rows = copy["resources"].setdefault(change["type"], {})
            if change["action"] == "upsert":
                rows[change["key"]] = change["data"]
            else:  # deleted, or no longer visible (unpublished): a tombstone
                rows.pop(change["key"], None)
            applied += 1
        copy["cursor"] = page["next"]
        if len(page["results"]) < limit:
            return applied


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the site, e.g. http://127.0.0.1:8000")
    parser.add_argument("copy", type=Path, help="the local copy (a JSON file)")
    parser.add_argument("--token", help="an API token (officials' scope); none: public data")
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    if args.copy.exists():
        copy = json.loads(args.copy.read_text(encoding="utf-8"))
        action = "synced"
    else:
        copy = full_pull(base, args.token)
        action = "pulled"
    applied = follow(base, args.token, copy)
    args.copy.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    counts = ", ".join(f"{len(rows)} {kind}" for kind, rows in copy["resources"].items())
    print(f"{action}: {applied} changes applied; {counts}; cursor {copy['cursor']}")


if __name__ == "__main__":
    main()
