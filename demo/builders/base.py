"""What every demo builder shares: the data files, the rows built so far, seeded randomness
and the date and amount arithmetic of sample rows.

Everything is deterministic: random numbers come from `random.Random` seeded with fixed
strings (one per purpose, so that one part changing leaves the others alone), and every
date is fixed.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from demo.pools import brand_names, person_names, read

D = datetime.date
TZ = ZoneInfo("Asia/Shanghai")
ARTICLE = read("article")
SNAPSHOT = ARTICLE["snapshot"]
# Reports of the snapshot year exist up to this month (April 2023, reviewed in May).
LAST_MONTH = ARTICLE["last_report_month"]
# The alphabet of tracking codes: no 0/O/1/I.
READABLE = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class DemoData:
    """Every demo row as a dict of model field values; a foreign key holds the natural key of
    the row it points to. Enterprise rows also carry `key`, the short name other rows (and the
    data files) use for them, since their credit codes are computed."""

    reporting_periods: list = field(default_factory=list)
    closed_periods: list = field(default_factory=list)  # (year, month), oldest first
    districts: list = field(default_factory=list)
    industries: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)
    enterprise_labels: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    approvals: list = field(default_factory=list)
    required_approvals: list = field(default_factory=list)
    pool_reviews: list = field(default_factory=list)
    resource_needs: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    round_entries: list = field(default_factory=list)
    cadres: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    problem_routes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    carry_overs: list = field(default_factory=list)
    support: list = field(default_factory=list)


class BuilderBase:
    """The data files, the rows built so far and the indexes the builders look them up by."""

    def __init__(self):
        self.data = DemoData()
        self.article = read("article")
        self.campaign = read("campaign")
        self.pools = read("pools")
        self.reference = read("reference")
        self.city = self.reference["city"]
        self.units = {unit["code"]: unit for unit in self.reference["districts"]}
        # The counties are units too, but the article's builders run over its four only.
        self.county_data = read("counties")
        self.counties = {county["code"]: county for county in self.county_data["counties"]}
        self.places = {**self.units, **self.counties}
        self.targets = self.article["targets"]
        self.enterprise_by_key = {}
        self.project_by_code = {}
        self.project_names = set()
        self.brands = brands("demo:brands")
        self.cadres_by_district = defaultdict(list)
        self.leaders = []
        self.subject_cadres = defaultdict(list)
        self.meetings_by_district = defaultdict(list)
        self.problem_seq = 0
        self.submitters = person_names("demo:submitters", 500)

    def rng(self, *parts):
        return random.Random("demo:" + ":".join(str(p) for p in parts))

    def region(self, district):
        """The administrative division code of a unit (or of the city)."""
        return self.places[district]["region"] if district in self.places else self.city["region"]

    def label(self, district):
        """A unit's name as written in sample names, cadre units and addresses."""
        return self.places[district]["label"]

    def round_windows(self, district):
        """(first day, last day) of each "三个一批" round of a unit: the days since the last."""
        target = self.targets[district]
        starts = [target["round_window_start"]] + [add_days(r, 1) for r in target["rounds"][:-1]]
        return list(zip(starts, target["rounds"], strict=True))

    def subjects(self, district):
        """("e", key) of a unit's enterprises and ("p", code) of its published projects."""
        enterprises = [("e", e["key"]) for e in self.data.enterprises if e["district"] == district]
        projects = [
            ("p", p["code"])
            for p in self.data.projects
            if p["district"] == district and p["is_published"]
        ]
        return enterprises, projects


def brands(seed):
    pool = brand_names()
    random.Random(seed).shuffle(pool)
    return iter(pool)


def readable(n, width):
    """n written in the tracking-code alphabet, zero-padded to width."""
    chars = []
    for _ in range(width):
        n, rest = divmod(n, len(READABLE))
        chars.append(READABLE[rest])
    return "".join(reversed(chars))


def add_days(day, days):
    return day + datetime.timedelta(days=days)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return D(year, month + 1, min(day.day, 28))


def month_after(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def random_day(rng, start, end):
    return add_days(start, rng.randint(0, max(0, (end - start).days)))


def at(day, hour=10):
    """A fixed aware datetime on a day (reports' submission and review times)."""
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def split(total, weights, step=1):
    """Integers (multiples of `step`) proportional to weights, summing exactly to total."""
    scale = total / sum(weights)
    parts = [max(step, int(w * scale / step) * step) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    assert min(parts) > 0, "split produced a non-positive part"
    return parts


def monthly(total, first, last, rng, season):
    """Split an amount over months first..last with a seasonal shape (Spring Festival dip)."""
    months = list(range(first, last + 1))
    weights = [season[m - 1] * rng.uniform(0.85, 1.15) for m in months]
    scale = total / sum(weights)
    amounts = [int(w * scale) for w in weights]
    amounts[-1] += total - sum(amounts)
    return dict(zip(months, amounts, strict=True))
