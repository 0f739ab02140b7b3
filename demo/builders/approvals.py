"""Funding rows (article.toml) and approval items: 经开区's, which reproduce the article's
43 items, 50 working days cut and 30 projects approved within a day, and the usual permit
steps of the article's projects elsewhere, some still pending."""

from decimal import Decimal

from core.workdays import add_workdays
from projects.choices import ApprovalKind
from projects.models import ApprovalItem

from .base import SNAPSHOT, D, add_days


class ApprovalSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def funding(self):
        notes = self.pools["funding_notes"]
        for project, year, kind, secured, disbursed, *note in self.article["funding"]:
            self.data.funding.append(
                {
                    "project": project,
                    "kind": kind,
                    "year": year,
                    "secured": Decimal(secured),
                    "disbursed": Decimal(disbursed),
                    "note": note[0] if note else notes[kind],
                }
            )

    def approvals(self):
        figures = self.article["jingkai_approvals"]
        jingkai = sorted(
            (p for p in self.data.projects if p["district"] == "jingkai" and p["is_published"]),
            key=lambda p: p["code"],
        )
        assert len(jingkai) >= figures["filed_in_a_day"], len(jingkai)
        rng = self.rng("approvals", "jingkai")
        kind, name, legal, promised = self.pools["filing"]
        for p in jingkai[: figures["filed_in_a_day"]]:
            day = p["planned_start"] or D(2022, 6, 1)
            applied = add_days(day, -rng.randint(40, 90))
            self.approval(p, kind, name, legal, promised, applied, 1)
        steps = self.pools["approval_steps"]
        count = 0
        for code in figures["projects"]:
            p = self.project_by_code[code]
            for kind, name, legal, _promised in steps:
                if count == figures["permit_steps"]:
                    break
                cut = 2 if count < figures["cut_by_two"] else 1
                applied = add_days(p["actual_start"], -rng.randint(20, 60))
                self.approval(
                    p, kind, name, legal, legal - cut, applied, legal - cut - rng.randint(0, 3)
                )
                count += 1
        # Elsewhere: the usual permit steps of the article's projects, some still pending.
        named = {p["code"] for p in self.article["projects"]} | {
            p["code"] for p in self.article["sample_projects"] if not p.get("is_published", True)
        }
        for p in self.data.projects:
            if p["district"] == "jingkai":
                continue
            if p["code"] not in named and not p["code"].endswith(("-01", "-02")):
                continue
            rng = self.rng("approvals", p["code"])
            base = p["actual_start"] or p["planned_start"] or D(2023, 6, 1)
            for kind, name, legal, promised in (steps[0], steps[2], steps[4]):
                applied = add_days(base, -rng.randint(30, 120))
                if applied > SNAPSHOT:
                    continue
                done = p["actual_start"] is not None or kind != ApprovalKind.CONSTRUCTION_PERMIT
                days = rng.randint(max(1, promised - 8), promised) if done else None
                self.approval(p, kind, name, legal, promised, applied, days)

    def approval(
        self, p, kind, name, legal, promised, applied, days=None, *, approved_on=None, **extra
    ):
        """An item applied for on `applied` and approved `days` working days later (or on
        `approved_on`); its due date and actual days computed as every save computes them
        (the loader writes in bulk)."""
        if days and applied:
            approved_on = add_workdays(applied, days)
        item = ApprovalItem(
            kind=kind,
            name=name,
            legal_days=legal,
            promised_days=promised,
            applied_on=applied,
            approved_on=approved_on,
        )
        item.compute_dates()
        self.data.approvals.append(
            {
                "project": p["code"],
                "kind": kind,
                "name": name,
                "legal_days": legal,
                "promised_days": promised,
                "applied_on": applied,
                "approved_on": approved_on,
                "due_date": item.due_date,
                "actual_days": item.actual_days,
                **extra,
            }
        )
