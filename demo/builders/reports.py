"""Annual plans, monthly progress reports and milestones of every project.

2022 reports add up exactly to each project's completed investment (so that the units'
aggregates are the article's); 2023 has January–March approved and April in every status.
"""

from decimal import Decimal

from projects.choices import Category, MilestoneKind, ReportStatus, Stage

from .base import LAST_MONTH, SNAPSHOT, D, add_days, add_months, at, month_after, monthly


class ReportSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def finish_date(self, project):
        return project["production"] or project["actual_completion"]

    def plans_and_reports(self):
        for p in self.data.projects:
            for year, (plan, done) in sorted(p["plans"].items()):
                self.data.plans.append(
                    {
                        "project": p["code"],
                        "year": year,
                        "planned_investment": Decimal(plan),
                        "goals": self.goals(p, year, plan),
                    }
                )
                if year == 2022:
                    self.reports_2022(p, done)
                else:
                    self.reports_2023(p, plan)

    def goals(self, p, year, plan):
        finish = self.finish_date(p)
        if finish and finish.year == year:
            aim = "建成投产" if p["production"] else "竣工验收"
        elif p["actual_start"] and p["actual_start"] <= D(year, 12, 31):
            aim = "加快主体工程建设"
        else:
            aim = "完成前期手续并开工建设"
        return f"全年计划完成投资{plan}万元，{aim}。"

    def narrative(self, p, year, month, amount):
        finish = self.finish_date(p)
        start = p["actual_start"]
        if finish and (finish.year, finish.month) == (year, month):
            text = "项目建成投产。" if p["production"] else "项目竣工验收。"
        elif start and (start.year, start.month) == (year, month):
            text = "项目开工建设，完成场地平整和桩基施工。"
        else:
            steps = self.pools["progress_steps"]
            text = steps[(month + len(p["code"])) % len(steps)] + "。"
        return f"{text}本月完成投资{amount}万元。"

    def report(self, p, year, month, amount, status, rng):
        next_year, next_month = month_after(year, month)
        submitted = D(next_year, next_month, 5)
        row = {
            "project": p["code"],
            "year": year,
            "month": month,
            "completed_investment": Decimal(amount),
            "cumulative_investment": None,
            "narrative": self.narrative(p, year, month, amount),
            "problems_met": "",
            "status": status,
            "submitted_at": None if status == ReportStatus.DRAFT else at(submitted, 9),
            "reviewed_at": None,
            "return_reason": "",
        }
        if status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            row["reviewed_at"] = at(add_days(submitted, 3), 16)
        if status == ReportStatus.RETURNED:
            row["return_reason"] = rng.choice(self.pools["return_reasons"])
        if rng.random() < 0.12:
            templates = self.pools["problems"]["templates"]
            category = rng.choice(list(templates))
            row["problems_met"] = templates[category][0]["description"]
        self.data.reports.append(row)

    def reports_2022(self, p, done):
        rng = self.rng("reports", p["code"], 2022)
        start = p["actual_start"]
        first = start.month if start.year == 2022 else 1
        finish = self.finish_date(p)
        last = finish.month if finish and finish.year == 2022 else 12
        season = self.pools["season"]
        for month, amount in monthly(done, first, max(first, last), rng, season).items():
            self.report(p, 2022, month, amount, ReportStatus.APPROVED, rng)

    def reports_2023(self, p, plan):
        """January–March approved; April a mix of every status (some not filed yet)."""
        start = p["actual_start"]
        if not start or start > D(2023, LAST_MONTH, 30):
            return
        rng = self.rng("reports", p["code"], 2023)
        first = start.month if start.year == 2023 else 1
        months = LAST_MONTH - first + 1
        done = max(months * 10, int(plan * rng.uniform(0.075, 0.115) * months))
        statuses = [ReportStatus.APPROVED] * 8 + [ReportStatus.SUBMITTED] * 5
        statuses += [ReportStatus.DRAFT] * 4 + [ReportStatus.RETURNED] * 3 + [None] * 2
        april = rng.choice(statuses)
        season = self.pools["season"]
        for month, amount in monthly(done, first, LAST_MONTH, rng, season).items():
            status = ReportStatus.APPROVED if month < LAST_MONTH else april
            if status:
                self.report(p, 2023, month, amount, status, rng)

    def milestones(self):
        for p in self.data.projects:
            rng = self.rng("milestones", p["code"])
            start, completion = p["actual_start"], p["actual_completion"]
            planned_completion = p["planned_completion"]
            rows = []
            if p["signed"]:
                signing = add_days(p["signed"], -rng.randint(0, 15))
                rows.append((MilestoneKind.SIGNING, "签约", signing, p["signed"]))
            if p["planned_start"]:
                rows.append((MilestoneKind.START, "开工", p["planned_start"], start))
            if start and planned_completion:
                finish = completion or planned_completion
                planned = add_days(start, (finish - start).days * 3 // 5)
                actual = None
                if completion:
                    actual = min(add_days(planned, rng.randint(-15, 20)), completion)
                elif rng.random() < 0.75:
                    actual = add_days(planned, rng.randint(-15, 30))
                if actual and actual > SNAPSHOT:
                    actual = None
                rows.append((MilestoneKind.MAIN_STRUCTURE, "主体完工", planned, actual))
            if planned_completion:
                rows.append((MilestoneKind.COMPLETION, "竣工", planned_completion, completion))
            if p["category"] == Category.INDUSTRIAL and planned_completion:
                planned = p["production_planned"] or add_days(planned_completion, 30)
                rows.append((MilestoneKind.PRODUCTION, "投产", planned, p["production"]))
                if p["stage"] == Stage.AT_CAPACITY:
                    reached = add_months(p["production"], 8)
                    rows.append((MilestoneKind.FULL_CAPACITY, "达产", reached, reached))
            for kind, name, planned, actual in rows:
                self.data.milestones.append(
                    {
                        "project": p["code"],
                        "kind": kind,
                        "name": name,
                        "planned_date": planned,
                        "actual_date": actual,
                    }
                )
