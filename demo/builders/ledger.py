"""Visits, the problem ledger and the support enterprises received.

How many of each a unit gets comes from campaign.toml; each problem's dates and fields are
made consistent with its status (accepted, resolved, rated, closed …).
"""

import datetime
from decimal import Decimal

from core.workdays import add_workdays
from enterprises.choices import (
    ProblemOutcome,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
    SupportKind,
    VisitMode,
)
from enterprises.models import ProblemLimit
from projects.choices import MeetingKind

from .base import SNAPSHOT, D, add_days, random_day, readable, split


class LedgerSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def visits(self):
        modes = [VisitMode.VISIT] * 8 + [VisitMode.CALL, VisitMode.CALL, VisitMode.MEETING]
        summaries = self.pools["visit_summaries"]
        for plan in self.campaign["visits"]:
            code, year = plan["district"], plan["year"]
            cadres = self.cadres_by_district[code]
            enterprises, projects = self.subjects(code)
            rng = self.rng("visits", code, year)
            if plan.get("enterprises_only"):
                subjects = enterprises
            elif "subjects" in plan:
                listed = [s for s in projects if year in self.project_by_code[s[1]]["plans"]]
                subjects = enterprises[: plan["subjects"] - len(listed)] + listed
                assert len(subjects) == plan["subjects"], len(subjects)
            else:
                subjects = enterprises + projects
            last = D(2022, 12, 30) if year == 2022 else add_days(SNAPSHOT, -1)
            seen = set()
            for i in range(plan["count"]):
                subject = subjects[i % len(subjects)]
                helpers = self.subject_cadres.get(subject) or [cadres[i % len(cadres)]]
                cadre = helpers[(i // len(subjects)) % len(helpers)]
                day = random_day(rng, D(year, 1, 4), last)
                while (cadre["name"], subject, day) in seen:
                    day = add_days(day, 1) if day < last else D(year, 1, 4)
                seen.add((cadre["name"], subject, day))
                self.data.visits.append(
                    {
                        "cadre": (cadre["district"], cadre["name"]),
                        "district": code,
                        "enterprise": subject[1] if subject[0] == "e" else None,
                        "project": subject[1] if subject[0] == "p" else None,
                        "visited_on": day,
                        "mode": rng.choice(modes),
                        "summary": rng.choice(summaries),
                    }
                )

    def problem_routes(self):
        """The routing table (campaign.toml `routing`): per unit a default route and
        the categories it routes elsewhere, each to a unit (after the unit's label) and one
        of its cadres."""
        self.routes = {}
        responsible = self.pools["problems"]["responsible"]
        for plan in self.campaign["routing"]["units"]:
            district = plan["district"]
            cadres = self.cadres_by_district[district]
            for category, handler in plan["routes"]:
                cadre = cadres[handler % len(cadres)]
                row = {
                    "district": district,
                    "category": category,
                    "responsible_unit": self.label(district) + responsible[category or "other"],
                    "handler": (cadre["district"], cadre["name"]),
                }
                self.routes[(district, category)] = row
                self.data.problem_routes.append(row)

    def problems(self):
        self.told_problems()
        for plan in self.campaign["problems"]:
            district, year = plan["district"], plan["year"]
            rng = self.rng("problems", district, year)
            for source, status, count in plan["rows"]:
                for _ in range(count):
                    self.problem(
                        district,
                        year,
                        source,
                        status,
                        rng,
                        always_satisfied=plan.get("all_satisfied", False),
                    )
        self.reopened_problems()
        self.carried_over_matters()

    def carried_over_matters(self):
        """Dispatch meetings' matters reopened for the unit's next dispatch meeting because
        their project was still red when the next month was published (campaign.toml
        `carried_over`), written as that publication left them: in progress, the resolution
        they had kept in the carry-over. Publishing the month then finds nothing to do, and
        loading the demo again changes nothing."""
        for plan in self.campaign.get("carried_over", []):
            row = next(r for r in self.data.problems if r["tracking_code"] == plan["tracking_code"])
            district = row["meeting"][0]
            following = min(
                (
                    m
                    for m in self.data.meetings
                    if m["district"] == district
                    and m["kind"] == MeetingKind.DISPATCH
                    and m["held_on"] >= plan["carried_on"]
                ),
                key=lambda m: (m["held_on"], m["title"]),
                default=None,
            )
            kept = ("status", "resolution", "resolved_on", "outcome", "satisfaction", "closed_on")
            self.data.carry_overs.append(
                {
                    "problem": row["tracking_code"],
                    "period": (plan["year"], plan["month"]),
                    "meeting": row["meeting"],
                    "carried_to": following
                    and (following["district"], following["held_on"], following["title"]),
                    "carried_on": plan["carried_on"],
                    **{name: row[name] for name in kept},
                }
            )
            row.update(
                status=ProblemStatus.IN_PROGRESS,
                resolution="",
                resolved_on=None,
                outcome="",
                outcome_note="",
                satisfaction="",
                closed_on=None,
            )

    def reopened_problems(self):
        """Problems the enterprise reopened after their resolution (campaign.toml
        `reopened`: a unit's first problems in progress of a year, by source)."""
        for plan in self.campaign["reopened"]:
            rows = [
                row
                for row in self.data.problems
                if row["district"] == plan["district"]
                and row["raised_on"].year == plan["year"]
                and row["source"] == plan["source"]
                and row["status"] == ProblemStatus.IN_PROGRESS
            ]
            row = rows[plan["index"]]
            row["reopened"] = 1
            row["reopened_on"] = min(add_days(row["raised_on"], plan["after_days"]), SNAPSHOT)
            row["reopen_reason"] = plan["reason"]

    def told_problems(self):
        """The problems the article tells (campaign.toml), as it tells them."""
        told = self.campaign["told_problems"]
        district = told["district"]
        rng = self.rng("problems", "article")
        for row in told["rows"]:
            meeting = None
            if "meeting" in row:
                meeting = next(
                    m
                    for m in self.data.meetings
                    if m["district"] == district and m["title"] == row["meeting"]
                )
            subject = ("p", row["project"]) if "project" in row else ("e", row["enterprise"])
            self.problem(
                district,
                told["year"],
                row["source"],
                row["status"],
                rng,
                subject=subject,
                category=row["category"],
                title=row["title"],
                description=row["description"],
                resolution=row["resolution"],
                meeting=meeting,
                sample=False,
            )

    def raised_on(self, year, done, meeting, rng):
        """When a problem was raised: at its meeting, or a day of its year that leaves room
        for the status it reached by the snapshot."""
        if meeting is not None:
            return meeting["held_on"]
        if year == 2023:
            return random_day(rng, D(2023, 1, 5), D(2023, 3, 20) if done else D(2023, 5, 8))
        if done:
            return random_day(rng, D(2022, 1, 5), D(2022, 12, 10))
        return random_day(rng, D(2022, 9, 1), D(2022, 12, 20))

    def problem(self, district, year, source, status, rng, **given):
        """One ledger entry with dates and fields consistent with its status."""
        self.problem_seq += 1
        pools = self.pools["problems"]
        category = given.get("category") or rng.choice(list(pools["templates"]))
        template = rng.choice(pools["templates"][category])
        done = status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
        meeting = given.get("meeting")
        if meeting is None and source == ProblemSource.DISPATCH:
            meetings = self.meetings_by_district[(district, MeetingKind.DISPATCH, year)]
            meeting = meetings[self.problem_seq * 7 % len(meetings)]
        raised = self.raised_on(year, done, meeting, rng)
        subject = given.get("subject")
        if subject is None:
            enterprises, projects = self.subjects(district)
            if source == ProblemSource.DISPATCH:
                listed = [s for s in projects if year in self.project_by_code[s[1]]["plans"]]
                subject = listed[self.problem_seq % len(listed)]
            else:
                subject = enterprises[self.problem_seq % len(enterprises)]
        enterprise = project = None
        if subject[0] == "p":
            project = self.project_by_code[subject[1]]
            enterprise = self.enterprise_by_key.get(project["owner"])
        else:
            enterprise = self.enterprise_by_key[subject[1]]
        helpers = self.subject_cadres.get(subject) or self.cadres_by_district[district]
        assignee = helpers[self.problem_seq % len(helpers)]
        row = {
            "tracking_code": f"WQ-{raised:%Y%m%d}-DM{readable(self.problem_seq, 4)}",
            "title": given.get("title", template["title"]),
            "description": given.get("description", template["description"]),
            "enterprise": enterprise["key"] if enterprise else None,
            "project": project["code"] if project else None,
            "district": district,
            "category": category,
            "source": source,
            "meeting": meeting and (meeting["district"], meeting["held_on"], meeting["title"]),
            "raised_on": raised,
            "assignee": None,
            "responsible_unit": "",
            "due_date": None,
            "status": status,
            "accepted_on": None,
            "rejection_reason": "",
            "resolution": "",
            "resolved_on": None,
            "satisfaction": "",
            "closed_on": None,
            "submitter_name": "",
            "submitter_phone": "",
            "submitter_company": "",
            "submitter_credit_code": "",
            "is_sample": given.get("sample", True),
            "outcome": "",
            "outcome_note": "",
            "reopened": 0,
            "reopened_on": None,
            "reopen_reason": "",
            "routed_by": None,
            "duplicate_of": None,
        }
        if source == ProblemSource.FEEDBACK and enterprise:
            row["submitter_name"] = self.submitters[self.problem_seq % len(self.submitters)]
            row["submitter_phone"] = f"1390000{self.problem_seq:04d}"
            row["submitter_company"] = enterprise["name"]
            row["submitter_credit_code"] = enterprise["credit_code"]
        self.route(row, year)
        if status == ProblemStatus.REJECTED:
            row["rejection_reason"] = rng.choice(pools["rejection_reasons"])
            self.due_dates(row)
            self.data.problems.append(row)
            return row
        if status != ProblemStatus.RAISED:
            row["assignee"] = (assignee["district"], assignee["name"])
            row["responsible_unit"] = self.label(district) + pools["responsible"][category]
            row["accepted_on"] = add_days(raised, rng.randint(0, 2))
            row["due_date"] = add_days(raised, rng.choice([15, 20, 30]))
        if done:
            late = rng.random() < 0.1
            resolved = add_days(row["accepted_on"], rng.randint(3, 12 if not late else 40))
            # Resolved within the year raised: the article's year figures (办结率) stand at
            # the year's last day (core.period), as the city counted them then.
            row["resolved_on"] = min(
                resolved, add_days(SNAPSHOT, -3), datetime.date(raised.year, 12, 31)
            )
            row["resolution"] = given.get("resolution", pools["resolutions"][category])
            row["satisfaction"] = self.satisfaction(status, rng, given)
            row["outcome"], row["outcome_note"] = self.outcome(given)
        if status == ProblemStatus.CLOSED:
            row["closed_on"] = min(add_days(row["resolved_on"], rng.randint(2, 7)), SNAPSHOT)
        self.due_dates(row)
        self.data.problems.append(row)
        return row

    def route(self, row, year):
        """A problem reported on the feedback page in a year the routing table was in use
        (campaign.toml `routing.since`) and not yet accepted was routed on intake: its unit
        and handler are the table's (its category's route, else the unit's default)."""
        if row["source"] != ProblemSource.FEEDBACK or year < self.campaign["routing"]["since"]:
            return
        if row["status"] != ProblemStatus.RAISED:
            return
        route = self.routes.get((row["district"], row["category"])) or self.routes.get(
            (row["district"], "")
        )
        if route is not None:
            row["routed_by"] = (route["district"], route["category"])
            row["responsible_unit"] = route["responsible_unit"]
            row["assignee"] = route["handler"]

    def due_dates(self, row):
        """Every problem's due dates from the default working-day limits (as on intake): a
        due date already agreed is kept."""
        limits = ProblemLimit.DEFAULTS
        raised = row["raised_on"]
        row["response_due"] = add_workdays(raised, limits["response_days"])
        row["stage_due"] = add_workdays(raised, limits["stage_days"])
        row["due_date"] = row["due_date"] or add_workdays(raised, limits["closure_days"])

    def outcome(self, given):
        """The outcome of a resolved problem: the article's and the all-satisfied units'
        are solved; of the others, by turns (campaign.toml `outcomes`, one problem in
        `every`), some partly solved, some that cannot be solved, some unfounded."""
        if not given.get("sample", True) or given.get("always_satisfied", False):
            return ProblemOutcome.SOLVED, ""
        turns = self.campaign["outcomes"]
        turn = self.problem_seq % turns["every"]
        for outcome in (
            ProblemOutcome.PARTLY_SOLVED,
            ProblemOutcome.UNSOLVABLE,
            ProblemOutcome.UNFOUNDED,
        ):
            if turn == turns[outcome]["turn"]:
                return outcome, turns[outcome]["note"]
        return ProblemOutcome.SOLVED, ""

    def satisfaction(self, status, rng, given):
        """The enterprise's rating of a solved problem: closed ones always rated; with
        `always_satisfied`, never dissatisfied."""
        roll = rng.random()
        if status == ProblemStatus.CLOSED or roll < 0.6:
            satisfaction = (
                Satisfaction.BASICALLY_SATISFIED if rng.random() < 0.18 else Satisfaction.SATISFIED
            )
            if (
                not given.get("always_satisfied", False)
                and status == ProblemStatus.RESOLVED
                and roll < 0.12
            ):
                satisfaction = Satisfaction.DISSATISFIED
            return satisfaction
        return ""

    def support(self):
        """Each unit's support, part by part in the order of campaign.toml."""
        parts = {"tax_relief": self.tax_relief, "awards": self.awards, "rows": self.grants}
        for district, spec in self.campaign["support"].items():
            for part, value in spec.items():
                parts[part](district, value)

    def grants(self, district, rows):
        for row in rows:
            amount = row.get("amount")
            self.support_row(
                row["enterprise"], row["kind"], amount, row["granted_on"], row["description"]
            )

    def granted(self, district, spec):
        """The named enterprises, then the unit's first `sample` sample enterprises."""
        sample = self.sample_enterprises(district, spec.get("above_scale"))
        return spec.get("named", []) + sample[: spec["sample"]]

    def tax_relief(self, district, spec):
        """Tax relief of the article's year: a total split at random, or sample amounts."""
        rng = self.rng("support", district)
        keys = self.granted(district, spec)
        if "total" in spec:
            amounts = split(spec["total"], [rng.uniform(0.5, 2.0) for _ in keys], step=10)
        else:
            amounts = [rng.randint(20, 300) * 10 for _ in keys]
        first, months = spec["months"]
        for i, (key, amount) in enumerate(zip(keys, amounts, strict=True)):
            day = D(2022, first + i % months, spec["day"])
            self.support_row(key, SupportKind.TAX_RELIEF, amount, day, spec["description"])

    def awards(self, district, spec):
        """Awards (amounts not reported) given in turn to the named and sample enterprises."""
        awards = spec["awards"]
        for i, key in enumerate(self.granted(district, spec)):
            award, day = awards[i % len(awards)]
            description = spec["description"].format(award=award)
            self.support_row(key, SupportKind.SUBSIDY, None, day, description)

    def support_row(self, key, kind, amount, day, description):
        self.data.support.append(
            {
                "enterprise": key,
                "kind": kind,
                "amount": None if amount is None else Decimal(amount),
                "granted_on": day,
                "description": description,
            }
        )
