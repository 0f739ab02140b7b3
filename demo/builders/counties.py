"""The five counties (demo/data/counties.toml): sample projects on their 2022 and 2023 lists,
built after the article's four units from random numbers of their own, and a few April 2023
reports that the plausibility flags (projects.plausibility) pick out for the reviewer."""

from collections import defaultdict
from decimal import Decimal

from projects.choices import Category, Level, ReportStatus, Stage

from .base import D, add_months, at, random_day, split
from .projects import SHORT


class CountySteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def county_projects(self):
        for code in self.counties:
            self.county_projects_2022(code)
            self.county_projects_2023(code)

    def county_name(self, county, category, industry, rng):
        names = self.pools["project_names"]
        pool = names["industrial"][industry] if industry else names[category]
        return self.unique_name(self.label(county) + rng.choice(pool))

    def county_code(self, county, series, category, numbers):
        numbers[category] += 1
        return (
            f"{self.counties[county]['prefix']}-{series}-{SHORT[category]}-{numbers[category]:02d}"
        )

    def county_projects_2022(self, county):
        """The county's 2022 list: plans and completed amounts that add up to its figures;
        the first two industrial projects go on into 2023 (their April reports are flagged)."""
        unit = self.counties[county]
        rng = self.rng("county-2022", county)
        count = unit["projects_2022"]
        plans = split(unit["planned_2022"], [rng.uniform(0.5, 1.5) for _ in range(count)], 100)
        rate = unit["completed_2022"] / unit["planned_2022"]
        dones = split(
            unit["completed_2022"], [p * rng.uniform(rate * 0.85, rate * 1.15) for p in plans]
        )
        industrial = count - count // 3
        categories = [Category.INDUSTRIAL] * industrial + [
            Category.INFRASTRUCTURE if i % 2 else Category.SOCIAL for i in range(count - industrial)
        ]
        numbers = defaultdict(int)
        for i, category in enumerate(categories):
            industry = (
                unit["industries"][i % len(unit["industries"])]
                if category == Category.INDUSTRIAL
                else None
            )
            start = random_day(rng, D(2021, 3, 1), D(2021, 12, 31))
            total = max(int(dones[i] * rng.uniform(1.8, 3.5) / 1000 + 1) * 1000, plans[i])
            row = {
                "code": self.county_code(county, "s", category, numbers),
                "name": self.county_name(county, category, industry, rng),
                "district": county,
                "level": [Level.CITY, Level.DISTRICT, Level.PROVINCIAL][i % 3],
                "category": category,
                "industry": industry,
                "total_investment": total,
                "actual_start": start,
                "plans": {2022: (plans[i], dones[i])},
                "national_code": self.national_code(county, start, len(self.data.projects))
                if i % 2 == 0
                else "",
            }
            if i >= 2 and rng.random() < 0.3:
                finish = random_day(rng, D(2022, 6, 1), D(2022, 12, 20))
                if category == Category.INDUSTRIAL:
                    row["production"], row["stage"] = finish, Stage.IN_PRODUCTION
                else:
                    row["actual_completion"], row["stage"] = finish, Stage.COMPLETED
            else:
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["planned_completion"] = add_months(start, rng.randint(24, 36))
                remaining = total - dones[i]
                row["plans"][2023] = (
                    max(1000, int(remaining * rng.uniform(0.3, 0.6) / 100) * 100),
                    None,
                )
            self.add_project(row)

    def county_projects_2023(self, county):
        """Projects new on the county's 2023 list: half started in the first quarter, the
        others in preparation (前期)."""
        unit = self.counties[county]
        rng = self.rng("county-2023", county)
        numbers = defaultdict(int)
        for i in range(unit["projects_2023_new"]):
            category = Category.INDUSTRIAL if i < 2 else Category.INFRASTRUCTURE
            industry = unit["industries"][i % len(unit["industries"])] if i < 2 else None
            total = rng.randint(15, 60) * 1000
            row = {
                "code": self.county_code(county, "n", category, numbers),
                "name": self.county_name(county, category, industry, rng),
                "district": county,
                "level": Level.DISTRICT,
                "category": category,
                "industry": industry,
                "total_investment": total,
            }
            if i % 2 == 0:
                row["actual_start"] = random_day(rng, D(2023, 1, 5), D(2023, 3, 25))
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["planned_completion"] = add_months(row["actual_start"], 24)
                share = rng.uniform(0.2, 0.4)
            else:
                row["stage"] = Stage.PRELIMINARY
                row["planned_start"] = random_day(rng, D(2023, 6, 1), D(2023, 12, 31))
                share = rng.uniform(0.05, 0.15)
            row["plans"] = {2023: (max(500, int(total * share / 100) * 100), None)}
            self.add_project(row)

    def flagged_reports(self):
        """The April 2023 reports of counties.toml's `flagged_reports`, submitted with what
        their flag fires on: a figure `value` times the monthly plan (jump); `value` 万元 of
        funds in place (exceeds_funding); a cumulative figure `value` 万元 below March's
        (cumulative_decrease, March approved with the cumulative of its approved reports)."""
        reports = defaultdict(dict)
        for row in self.data.reports:
            reports[row["project"]][row["year"], row["month"]] = row
        plans = {
            (row["project"], row["year"]): row["planned_investment"] for row in self.data.plans
        }
        for project, flag, value in self.county_data["flagged_reports"]:
            months = reports[project]
            if (2023, 4) not in months:  # not filed yet: filed now
                p = self.project_by_code[project]
                amount = (plans[project, 2023] / 12).quantize(Decimal("1"))
                self.report(
                    p, 2023, 4, amount, ReportStatus.SUBMITTED, self.rng("flagged", project)
                )
                months[2023, 4] = self.data.reports[-1]
            april = months[2023, 4]
            april.update(
                status=ReportStatus.SUBMITTED,
                reviewed_at=None,
                return_reason="",
            )
            if flag == "jump":
                amount = (plans[project, 2023] * value / 12).quantize(Decimal("1"))
                april["completed_investment"] = amount
                april["narrative"] = f"设备集中到货安装。本月完成投资{amount}万元。"
            elif flag == "exceeds_funding":
                self.data.funding.append(
                    {
                        "project": project,
                        "kind": "self_raised",
                        "year": 2023,
                        "secured": Decimal(value),
                        "disbursed": Decimal(value),
                        "note": self.pools["funding_notes"]["self_raised"],
                    }
                )
            elif flag == "cumulative_decrease":
                march = months[2023, 3]
                through_march = sum(
                    row["completed_investment"]
                    for (year, month), row in months.items()
                    if (year, month) <= (2023, 3)
                )
                march["cumulative_investment"] = through_march
                april["cumulative_investment"] = through_march - value
            april["submitted_at"] = april["submitted_at"] or at(D(2023, 5, 5), 9)
