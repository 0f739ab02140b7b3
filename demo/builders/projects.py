"""Projects (the article's and those written out in article.toml, then sample projects that
complete each unit's 2022 and 2023 lists and give every "三个一批" round something on each of
its three lists), and the rounds with their lists."""

from collections import defaultdict
from decimal import Decimal

from projects.choices import Category, Level, Nature, RoundList, Stage

from .base import D, add_days, add_months, random_day, split

# The builder's own project fields, dropped before writing: the dates of signing and of going
# into production, and the annual plans {year: (planned, completed or None)}.
WORKING_FIELDS = ("signed", "production", "production_planned", "plans")
SHORT = {Category.INDUSTRIAL: "ind", Category.INFRASTRUCTURE: "infra", Category.SOCIAL: "social"}


def from_file(row):
    """A project of article.toml with its plans as {year: (planned, completed or None)}."""
    plans = row.pop("plans", {})
    row["plans"] = {int(year): (v[0], v[1] if len(v) > 1 else None) for year, v in plans.items()}
    return row


class ProjectSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def unique_name(self, base):
        for phase in self.pools["phases"]:
            name = base.replace("项目", f"{phase}项目", 1) if phase else base
            if phase and "项目" not in base:
                name = base + phase
            if name not in self.project_names:
                self.project_names.add(name)
                return name
        raise ValueError(f"too many projects named {base}")

    def add_project(self, row):
        defaults = {
            "category": Category.INDUSTRIAL,
            "industry": None,
            "owner": None,
            "signed": None,
            "actual_start": None,
            "planned_start": None,
            "production": None,
            "production_planned": None,
            "actual_completion": None,
            "planned_completion": None,
            "construction_content": "",
            "article": False,
            "is_published": True,
            "national_code": "",
            "plans": {},
        }
        row = {**defaults, **row}
        row["is_sample"] = not row.pop("article")
        self.project_names.add(row["name"])
        self.data.projects.append(row)
        self.project_by_code[row["code"]] = row
        return row

    def projects(self):
        for row in self.article["projects"] + self.article["sample_projects"]:
            self.add_project(from_file(row))
        for code in self.units:
            self.sample_projects_2022(code)
        self.hualong_extras()
        for code in self.units:
            self.cover_rounds(code)
            self.sample_projects_2023(code)
        self.county_projects()
        for row in self.data.projects:
            self.complete_project(row)

    def sample_name(self, district, category, industry, owner, rng):
        names = self.pools["project_names"]
        if category == Category.INDUSTRIAL:
            base = owner["brand"] + rng.choice(names["industrial"][industry])
        else:
            base = self.label(district) + rng.choice(names[category])
        return self.unique_name(base)

    def national_code(self, district, day, seq):
        return f"{day:%y%m}-{self.region(district)}-04-01-{500000 + seq:06d}"

    def sample_slot(self, district, series, category, i, numbers, shift=0):
        """Code, industry and owner of the i-th sample project of a series (`s`: on the 2022
        list, `n`: new in 2023); `numbers` counts the series' projects per category."""
        numbers[category] += 1
        prefix = self.units[district]["prefix"]
        code = f"{prefix}-{series}-{SHORT[category]}-{numbers[category]:02d}"
        if category != Category.INDUSTRIAL:
            return code, None, None
        mix = self.pools["industry_mix"][district]
        industry = mix[i % len(mix)]
        owners = self.owners(district, industry)
        return code, industry, owners[(i + shift) % len(owners)]

    def sample_projects_2022(self, district):
        """Sample projects that complete the unit's 2022 list and its article aggregates."""
        target = self.targets[district]
        rng = self.rng("projects-2022", district)
        named = [p for p in self.data.projects if p["district"] == district and 2022 in p["plans"]]
        n_ind, n_infra, n_social = self.pools["category_mix_2022"][district]
        count = target["projects_2022"] - len(named)
        assert count == n_ind + n_infra + n_social, district
        plan_left = target["planned_2022"] - sum(p["plans"][2022][0] for p in named)
        done_left = target["completed_2022"] - sum(p["plans"][2022][1] for p in named)
        plans = split(plan_left, [rng.uniform(0.4, 1.6) for _ in range(count)], step=100)
        average = done_left / plan_left
        # A few projects fall behind schedule so that warning lights show.
        ratios = [
            rng.uniform(0.55, 0.8) if i % 9 == 4 else rng.uniform(average * 0.9, average * 1.25)
            for i in range(count)
        ]
        dones = split(done_left, [p * r for p, r in zip(plans, ratios, strict=True)])
        categories = (
            [Category.INDUSTRIAL] * n_ind
            + [Category.INFRASTRUCTURE] * n_infra
            + [Category.SOCIAL] * n_social
        )
        windows = self.round_windows(district)
        # Which sample projects finish in 2022; 示范区: exactly its continuing projects go on
        # into 2023 (the two named ones among them).
        if district == "shifanqu":
            continuing = self.article["shifanqu_2023"]["continuing"]
            finishing = set(rng.sample(range(count), count - (continuing - 2)))
        else:
            finishing = {i for i in range(count) if rng.random() < 0.3}
        if district == "hualong":
            finishing.add(0)
        numbers = defaultdict(int)
        for i, category in enumerate(categories):
            code, industry, owner = self.sample_slot(district, "s", category, i, numbers)
            old = district != "hualong" and rng.random() < 0.35
            if old:
                start = random_day(rng, D(2020, 3, 1), D(2021, 5, 31))
            else:
                lo, hi = windows[i % len(windows)]
                hi = min(hi, D(2022, 9, 30))
                start = random_day(rng, lo, hi)
            signed = None
            if category == Category.INDUSTRIAL:
                signed = add_days(start, -rng.randint(10, 45))
                if district == "hualong" and signed < target["round_window_start"]:
                    signed = None
            finishes = i in finishing
            finish_on = None
            if finishes:
                earliest = max(add_days(start, 150), D(2022, 2, 1))
                finish_on = random_day(rng, earliest, max(earliest, D(2022, 12, 28)))
            if district == "hualong" and i == 0:
                # Something goes into production in the third round's window.
                finish_on = random_day(rng, D(2022, 2, 10), D(2022, 5, 20))
            level_pool = (
                [Level.PROVINCIAL, Level.CITY, Level.CITY]
                if district == "hualong"
                else [Level.PROVINCIAL, Level.CITY, Level.CITY, Level.DISTRICT]
            )
            factor = rng.uniform(1.05, 1.4) if finishes else rng.uniform(1.8, 4.0)
            total = max(int(dones[i] * factor / 1000 + 1) * 1000, plans[i])
            if district == "shifanqu" and category == Category.INDUSTRIAL:
                total = min(total, 95000)
            row = {
                "code": code,
                "name": self.sample_name(district, category, industry, owner, rng),
                "district": district,
                "level": level_pool[i % len(level_pool)],
                "category": category,
                "industry": industry,
                "owner": owner["key"] if owner else None,
                "total_investment": total,
                "signed": signed,
                "actual_start": start,
                "plans": {2022: (plans[i], dones[i])},
                "national_code": self.national_code(district, start, len(self.data.projects))
                if i % 3 == 0
                else "",
            }
            if finish_on:
                key = "production" if category == Category.INDUSTRIAL else "actual_completion"
                row[key] = finish_on
                row["stage"] = (
                    Stage.IN_PRODUCTION if category == Category.INDUSTRIAL else Stage.COMPLETED
                )
            else:
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["planned_completion"] = add_months(start, rng.randint(18, 36))
                remaining = total - dones[i]
                row["plans"][2023] = (
                    max(100, int(remaining * rng.uniform(0.3, 0.6) / 100) * 100),
                    None,
                )
            self.add_project(row)

    def cover_rounds(self, district):
        """Give every round a project put into production (投产一批) in its window.

        A sample project that went into production in 2022 is moved into an empty window
        when it can be; otherwise a sample project finished before 2022 is added.
        """
        rng = self.rng("cover-rounds", district)
        windows = self.round_windows(district)
        mix = self.pools["industry_mix"][district]

        def window_of(day):
            return next((n for n, (lo, hi) in enumerate(windows) if day and lo <= day <= hi), None)

        for number, (lo, hi) in enumerate(windows):
            ours = [p for p in self.data.projects if p["district"] == district]
            producing = [p for p in ours if p["production"]]
            if any(window_of(p["production"]) == number for p in producing):
                continue
            counts = defaultdict(int)
            for p in producing:
                counts[window_of(p["production"])] += 1
            movable = [
                p
                for p in producing
                if p["is_sample"]
                and p["production"].year == 2022
                and (window_of(p["production"]) is None or counts[window_of(p["production"])] > 1)
                and max(add_days(p["actual_start"], 120), lo, D(2022, 2, 1)) <= hi
            ]
            if movable:
                p = movable[0]
                p["production"] = random_day(
                    rng, max(add_days(p["actual_start"], 120), lo, D(2022, 2, 1)), hi
                )
                continue
            industry = mix[number % len(mix)]
            owner = self.owners(district, industry)[number]
            production = random_day(rng, lo, min(hi, D(2021, 12, 31)))
            self.add_project(
                {
                    "code": f"{self.units[district]['prefix']}-s-done-{number + 1:02d}",
                    "name": self.sample_name(district, Category.INDUSTRIAL, industry, owner, rng),
                    "district": district,
                    "level": Level.DISTRICT,
                    "industry": industry,
                    "owner": owner["key"],
                    "stage": Stage.IN_PRODUCTION,
                    "total_investment": rng.randint(8, 30) * 1000,
                    "actual_start": add_months(production, -rng.randint(10, 16)),
                    "production": production,
                }
            )

    def hualong_extras(self):
        """华龙区: projects finished in 2021 (first round) and one not in any round."""
        rng = self.rng("hualong-extras")
        lo, hi = self.round_windows("hualong")[0]
        for i in range(4):
            industry = self.pools["industry_mix"]["hualong"][i]
            owner = self.owners("hualong", industry)[i]
            start = random_day(rng, D(2019, 9, 1), D(2020, 6, 30))
            self.add_project(
                {
                    "code": f"hl-s-done-{i + 1:02d}",
                    "name": self.sample_name("hualong", Category.INDUSTRIAL, industry, owner, rng),
                    "district": "hualong",
                    "level": Level.DISTRICT,
                    "industry": industry,
                    "owner": owner["key"],
                    "stage": Stage.AT_CAPACITY if i == 0 else Stage.IN_PRODUCTION,
                    "total_investment": rng.randint(8, 30) * 1000,
                    "actual_start": start,
                    # Two went into production in the first round's window, two in the second's.
                    "production": random_day(rng, lo, hi)
                    if i < 2
                    else random_day(rng, D(2021, 11, 1), D(2021, 12, 31)),
                }
            )
        self.add_project(
            {
                "code": "hl-s-planned",
                "name": self.unique_name("华龙区智慧停车场建设项目"),
                "district": "hualong",
                "level": Level.DISTRICT,
                "category": Category.INFRASTRUCTURE,
                "stage": Stage.RESERVE,
                "total_investment": 12000,
                "planned_start": D(2023, 9, 30),
                "plans": {2023: (3000, None)},
            }
        )

    def sample_projects_2023(self, district):
        """New projects on the 2023 list (示范区: enough to reach its 73 projects, 390 亿元)."""
        rng = self.rng("projects-2023", district)
        count = self.targets[district]["projects_2023_new"]
        if district == "shifanqu":
            figures = self.article["shifanqu_2023"]
            listed = [
                p for p in self.data.projects if p["district"] == district and 2023 in p["plans"]
            ]
            assert len(listed) == figures["continuing"], len(listed)
            industrial_left = figures["industrial"] - sum(
                p["category"] == Category.INDUSTRIAL for p in listed
            )
            total_left = figures["total"] - sum(p["total_investment"] for p in listed)
            big = figures["big"]
            big_totals = [rng.randint(100, 260) * 1000 for _ in range(big)]
            rest = count - big
            weights = [
                rng.uniform(0.5, 1.0) if i < industrial_left - big else rng.uniform(0.8, 1.6)
                for i in range(rest)
            ]
            totals = big_totals + split(total_left - sum(big_totals), weights, step=100)
            categories = [Category.INDUSTRIAL] * industrial_left + [
                Category.INFRASTRUCTURE if i % 2 else Category.SOCIAL
                for i in range(count - industrial_left)
            ]
        else:
            totals = [rng.randint(10, 80) * 1000 for _ in range(count)]
            categories = [Category.INDUSTRIAL] * (count - 1) + [Category.INFRASTRUCTURE]
        last_window = self.round_windows(district)[-1]
        numbers = defaultdict(int)
        for i, (category, total) in enumerate(zip(categories, totals, strict=True)):
            code, industry, owner = self.sample_slot(district, "n", category, i, numbers, shift=3)
            row = {
                "code": code,
                "name": self.sample_name(district, category, industry, owner, rng),
                "district": district,
                "level": [Level.PROVINCIAL, Level.CITY, Level.DISTRICT][i % 3],
                "category": category,
                "industry": industry,
                "owner": owner["key"] if owner else None,
                "total_investment": total,
                "signed": None,
            }
            if district == "hualong":
                row["signed"] = random_day(rng, last_window[0], last_window[1])
            elif category == Category.INDUSTRIAL and i % 3 != 2:
                row["signed"] = random_day(rng, D(2022, 10, 1), D(2023, 3, 31))
            # A few start in the first quarter of 2023; the others are in preparation (前期).
            starts = (i < 3) if district == "shifanqu" else (i % 2 == 0)
            if starts:
                row["actual_start"] = random_day(rng, D(2023, 1, 5), D(2023, 3, 25))
                if row["signed"] and row["signed"] > row["actual_start"]:
                    row["signed"] = add_days(row["actual_start"], -30)
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["planned_completion"] = add_months(row["actual_start"], 24)
            else:
                row["stage"] = Stage.SIGNED if row["signed"] else Stage.PRELIMINARY
                row["planned_start"] = random_day(rng, D(2023, 3, 1), D(2023, 12, 31))
            share = rng.uniform(0.2, 0.4) if starts else rng.uniform(0.05, 0.15)
            row["plans"] = {2023: (max(500, int(total * share / 100) * 100), None)}
            self.add_project(row)

    def complete_project(self, row):
        """Derive the remaining project fields from the lifecycle dates."""
        rng = self.rng("project", row["code"])
        start = row["actual_start"]
        if start:
            row["planned_start"] = row["planned_start"] or add_days(start, -rng.randint(0, 40))
        if row["category"] == Category.INDUSTRIAL and row["production"]:
            row["production_planned"] = row["production_planned"] or add_days(
                row["production"], rng.randint(-20, 30)
            )
            row["actual_completion"] = row["actual_completion"] or add_days(
                row["production"], -rng.randint(10, 40)
            )
            if row["actual_completion"] < start:
                row["actual_completion"] = row["production"]
        if row["actual_completion"]:
            row["planned_completion"] = row["planned_completion"] or add_days(
                row["actual_completion"], rng.randint(-30, 30)
            )
            if row["planned_completion"] < row["planned_start"]:
                row["planned_completion"] = row["actual_completion"]
        if row["planned_start"] and not row["planned_completion"]:
            row["planned_completion"] = add_months(row["planned_start"], 24)
        last_plan = max(row["plans"], default=None)
        row["nature"] = (
            Nature.CONTINUING if start and last_plan and start.year < last_plan else Nature.NEW
        )
        lat, lng = self.places[row["district"]]["centre"]
        row["latitude"] = Decimal(f"{lat + rng.uniform(-0.03, 0.03):.6f}")
        row["longitude"] = Decimal(f"{lng + rng.uniform(-0.03, 0.03):.6f}")
        row["location"] = f"濮阳市{self.label(row['district'])}"

    def rounds(self):
        """Each unit's rounds, and on their lists the projects signed, started or put into
        production in the round's window."""
        numerals = "一二三四五六"
        for code, unit in self.units.items():
            windows = self.round_windows(code)
            for number, held_on in enumerate(self.targets[code]["rounds"], 1):
                self.data.rounds.append(
                    {
                        "code": f"{unit['prefix']}-r{number}",
                        "number": number,
                        "name": f"{unit['label']}第{numerals[number - 1]}期“三个一批”活动",
                        "district": code,
                        "held_on": held_on,
                    }
                )
            for p in self.data.projects:
                if p["district"] != code or not p["is_published"]:
                    continue
                events = [
                    (RoundList.SIGNED, p["signed"]),
                    (RoundList.STARTED, p["actual_start"]),
                    (RoundList.IN_PRODUCTION, p["production"]),
                ]
                for list_, day in events:
                    for number, (lo, hi) in enumerate(windows, 1):
                        if day and lo <= day <= hi:
                            self.data.round_entries.append(
                                {
                                    "round": f"{unit['prefix']}-r{number}",
                                    "project": p["code"],
                                    "round_list": list_,
                                }
                            )

    def project_rows(self):
        """Drop the builder's own fields: what is left are the Project model's fields."""
        for row in self.data.projects:
            for name in WORKING_FIELDS:
                del row[name]
