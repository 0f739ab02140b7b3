"""The pipeline before signing (issue 20): the city's 前期手续 list per category, pool
reviews (入库) of the preliminary (前期) and reserve (储备) projects, their required
approvals — one of them late, the hand-worked example of demo/data/pipeline.toml — and
their resource needs (要素保障), some with a gap."""

import datetime
from decimal import Decimal

from demo.pools import read
from projects.choices import PoolReviewStatus, Stage

from .base import SNAPSHOT, TZ, add_days

PIPELINE = read("pipeline")


def moment(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=TZ)


class PipelineSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def pipeline(self):
        for category, items in PIPELINE["required_approvals"].items():
            for order, (kind, name, legal, promised) in enumerate(items):
                self.data.required_approvals.append(
                    {
                        "category": category,
                        "kind": kind,
                        "name": name,
                        "legal_days": legal,
                        "promised_days": promised,
                        "order": order,
                    }
                )
        pipeline = sorted(
            (p for p in self.data.projects if p["stage"] in (Stage.RESERVE, Stage.PRELIMINARY)),
            key=lambda p: p["code"],
        )
        for p in pipeline:
            proposed = add_days(SNAPSHOT, -60) if p["stage"] == Stage.PRELIMINARY else SNAPSHOT
            approved = p["stage"] == Stage.PRELIMINARY
            self.data.pool_reviews.append(
                {
                    "project": p["code"],
                    "status": PoolReviewStatus.APPROVED if approved else PoolReviewStatus.PROPOSED,
                    "reason": "列入全市重点项目储备库",
                    "proposed_at": moment(proposed),
                    "reviewed_at": moment(add_days(proposed, 7)) if approved else None,
                }
            )
        listed = [
            p
            for p in pipeline
            if p["stage"] == Stage.PRELIMINARY and p["district"] in PIPELINE["checklist_units"]
        ]
        example = PIPELINE["late_example"]
        for number, p in enumerate(listed):
            for kind, name, legal, promised in PIPELINE["required_approvals"][p["category"]]:
                applied = approved = None
                if number == 0 and kind == "project_approval":
                    applied, approved = example["applied"], example["approved"]
                    promised = example["promised"]
                elif number == 0 and kind == "land":
                    applied = example["pending_applied"]
                elif kind == "project_approval":
                    applied = add_days(SNAPSHOT, -40 - number)
                    approved = add_days(applied, 1)
                self.approval(
                    p,
                    kind,
                    name,
                    legal,
                    promised,
                    applied,
                    approved_on=approved,
                    required=True,
                )
        for number, p in enumerate(p for p in pipeline if p["stage"] == Stage.PRELIMINARY):
            scale = Decimal(p["total_investment"]) / 10000
            for need in PIPELINE["resource_needs"]:
                needed = (scale * need["per_yi"]).quantize(Decimal("0.01"))
                share = Decimal(str(need["secured"][number % len(need["secured"])]))
                self.data.resource_needs.append(
                    {
                        "project": p["code"],
                        "kind": need["kind"],
                        "needed": needed,
                        "secured": (needed * share).quantize(Decimal("0.01")),
                    }
                )
