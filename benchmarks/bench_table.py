"""The table `make bench` prints (scripts/bench): each URL's throughput as a share of the
ceiling measured in the same harness run, against issue 12's goals, and the first request
of each statistics page after an approval.

Usage: bench_table.py URLS.tsv AFTER_APPROVAL.tsv RUN_DIR...
(URLS.tsv: url, label, goal; each RUN_DIR: a ratio.sh run with its summary.tsv)
"""

import csv
import statistics
import sys
from pathlib import Path

LATENCY_GOAL_MS = 200


def read_tsv(path, header=False):
    with open(path, newline="") as file:
        return list((csv.DictReader if header else csv.reader)(file, delimiter="\t"))


def main():
    urls, latency, *runs = sys.argv[1:]
    labels = {row[0]: (row[1], row[2]) for row in read_tsv(urls)}
    print(f"\n{'request':58s} {'req/s':>8s} {'ceiling':>8s} {'share':>6s} {'goal':>5s}")
    for run in runs:
        rows = read_tsv(Path(run) / "summary.tsv", header=True)
        ceiling = statistics.median(float(r["req_s"]) for r in rows if r["name"] == "raw")
        for name in dict.fromkeys(r["name"] for r in rows):
            measured = [r for r in rows if r["name"] == name]
            rate = statistics.median(float(r["req_s"]) for r in measured)
            label, goal = labels.get(measured[0]["url"], (f"harness: {name}", "-"))
            mark = "" if goal == "-" else ("ok" if rate / ceiling >= float(goal) else "MISSED")
            print(f"{label:58s} {rate:8.1f} {ceiling:8.1f} {rate / ceiling:6.3f} {goal:>5s} {mark}")
    print(
        f"\nfirst request after an approval, single-user, median of 5 (goal ≤ {LATENCY_GOAL_MS} ms):"
    )
    for path, ms in read_tsv(latency):
        mark = "ok" if float(ms) <= LATENCY_GOAL_MS else "MISSED"
        print(f"  {path:40s} {float(ms):7.0f} ms {mark}")


if __name__ == "__main__":
    main()
