"""The synthetic benchmark data set: N projects and everything in proportion (the counts are
in `generate_bench_data`'s docstring). Names and weights come from the demo's pools
(`demo/data/pools.toml`); the set is deterministic for a seed, a year and a size.
"""

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from demo.pools import brand_names, credit_code, person_names, read
from districts.models import District, DistrictKind
from enterprises.choices import (
    AssignmentRole,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
    SupportKind,
    VisitMode,
)
from enterprises.models import Assignment, Cadre, Enterprise, Problem, Support, Visit
from projects.choices import (
    ApprovalKind,
    Category,
    FundingKind,
    Level,
    MeetingKind,
    MilestoneKind,
    Nature,
    ReportStatus,
    RoundList,
    Stage,
)
from projects.models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    ProgressReport,
    Project,
    Round,
    RoundEntry,
)

from .storage import PREFIX, TRACKING_PREFIX, Writer

TZ = ZoneInfo("Asia/Shanghai")
KINDS = [
    DistrictKind.DISTRICT,
    DistrictKind.COUNTY,
    DistrictKind.DEVELOPMENT_ZONE,
    DistrictKind.INDUSTRIAL_PARK,
    DistrictKind.DEMONSTRATION_ZONE,
]
LEVELS = [Level.PROVINCIAL] * 2 + [Level.CITY] * 5 + [Level.DISTRICT] * 3
STAGES = (
    [Stage.PLANNED] * 1
    + [Stage.SIGNED] * 1
    + [Stage.UNDER_CONSTRUCTION] * 5
    + [Stage.COMPLETED] * 1
    + [Stage.IN_PRODUCTION] * 1
    + [Stage.AT_CAPACITY, Stage.SUSPENDED]
)
CATEGORIES = [Category.INDUSTRIAL] * 6 + [Category.INFRASTRUCTURE] * 3 + [Category.SOCIAL]
FUNDING_KINDS = list(FundingKind)
PROBLEM_STATUSES = (
    [ProblemStatus.CLOSED] * 10
    + [ProblemStatus.RESOLVED] * 4
    + [ProblemStatus.IN_PROGRESS] * 2
    + [ProblemStatus.ACCEPTED, ProblemStatus.RAISED, ProblemStatus.REJECTED]
)
DECEMBER = [ReportStatus.APPROVED] * 6 + [
    ReportStatus.SUBMITTED,
    ReportStatus.DRAFT,
    ReportStatus.RETURNED,
]
MILESTONES = [
    (MilestoneKind.SIGNING, "签约", -60),
    (MilestoneKind.START, "开工", 0),
    (MilestoneKind.MAIN_STRUCTURE, "主体完工", 240),
    (MilestoneKind.COMPLETION, "竣工", 420),
]


class Generator:
    """Writes the bench rows: reference rows first, then projects in chunks with their parts."""

    def __init__(self, *, projects, districts, seed, year, batch_size, chunk, out):
        self.n = projects
        self.k = max(1, min(districts, projects // 4))
        self.rng = random.Random(seed)
        self.year = year
        self.batch_size = batch_size
        self.chunk = chunk
        self.out = out
        self.counts = {}
        self.models = set()
        self.write = Writer(batch_size)
        self.pools = read("pools")

    def count(self, model, number):
        self.models.add(model)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + number

    def insert(self, model, objs):
        """Small sets whose primary keys are needed: the ORM's bulk_create."""
        model.objects.bulk_create(objs, batch_size=self.batch_size)
        self.count(model, len(objs))
        return objs

    def copy(self, model, rows):
        """Big sets: dict rows through the Writer."""
        self.write(model, rows)
        self.count(model, len(rows))

    def day(self, month_from=1, month_to=12, year=None):
        year = year or self.year
        start = date(year, month_from, 1)
        end = date(year, month_to, 28)
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def run(self):
        timings = []

        def step(name, fn):
            started = time.monotonic()
            fn()
            timings.append((name, time.monotonic() - started))
            self.out(f"  {name}: {timings[-1][1]:.1f} s")

        step("districts, industries, cadres, enterprises", self.reference)
        step("meetings and rounds", self.meetings_and_rounds)
        step("projects and everything per project", self.projects)
        step("support", self.support)
        return timings

    # -- reference rows ------------------------------------------------------------------

    def reference(self):
        rng = self.rng
        self.districts = self.insert(
            District,
            [
                District(
                    code=f"{PREFIX}d{i + 1:02d}",
                    name=f"基准测试区{i + 1:02d}",
                    kind=KINDS[i % len(KINDS)],
                    order=100 + i,
                )
                for i in range(self.k)
            ],
        )
        self.industries = self.insert(
            Industry,
            [
                Industry(code=f"{PREFIX}{code}", name=f"{name}（基准）", order=100 + i)
                for i, (code, name) in enumerate(read("reference")["industries"])
            ],
        )
        names = person_names("bench:names")
        units = ["发展和改革局", "工业和信息化局", "商务局", "财政局", "自然资源局"]
        n_cadres = max(self.n // 20, self.k)
        self.cadres = self.insert(
            Cadre,
            [
                Cadre(
                    name=names[i % len(names)],
                    unit=f"基准测试区{i % self.k + 1:02d}{units[i % len(units)]}",
                    post=rng.choice(self.pools["cadres"]["posts"]),
                    rank=rng.choice(["正科级", "副科级", "科员"]),
                    district=self.districts[i % self.k],
                    phone=f"137{i:08d}",
                    is_sample=True,
                )
                for i in range(n_cadres)
            ],
        )
        self.cadre_ids = [c.pk for c in self.cadres]
        business = [b for values in self.pools["business"].values() for b in values]
        brand_pool = brand_names(avoid=False)
        n_enterprises = max(self.n // 2, self.k)
        rows = [
            {
                "name": f"{rng.choice(brand_pool)}{rng.choice(business)}有限公司（基准{i + 1}）",
                "credit_code": credit_code(i + 1, org="BN"),
                "kind": "enterprise",
                "district_id": self.districts[i % self.k].pk,
                "industry_id": self.industries[i % len(self.industries)].pk,
                "is_above_scale": rng.random() < 0.4,
                "address": f"基准测试区{i % self.k + 1:02d}",
                "is_sample": True,
            }
            for i in range(n_enterprises)
        ]
        self.copy(Enterprise, rows)
        # Enterprise i has credit code number i + 1 and lies in district i % K.
        self.enterprise_ids = list(
            Enterprise.objects.filter(district__in=self.districts)
            .order_by("credit_code")
            .values_list("pk", flat=True)
        )
        self.copy(
            Assignment,
            [
                {
                    "cadre_id": self.cadre_of(i % self.k),
                    "enterprise_id": pk,
                    "role": AssignmentRole.CHIEF_SERVICE_OFFICER,
                    "start": date(self.year - 1, 9, 1),
                }
                for i, pk in enumerate(self.enterprise_ids)
            ],
        )

    def cadre_of(self, district_index):
        """The id of a cadre of the district (cadres are spread over districts round-robin)."""
        per = max(1, len(self.cadre_ids) // self.k)
        return self.cadre_ids[district_index + self.k * self.rng.randrange(per)]

    def enterprise_of(self, district_index):
        per = max(1, len(self.enterprise_ids) // self.k)
        return self.enterprise_ids[district_index + self.k * self.rng.randrange(per)]

    # -- meetings and rounds --------------------------------------------------------------

    def meetings_and_rounds(self):
        first_monday = date(self.year, 1, 1)
        first_monday += timedelta(days=(7 - first_monday.weekday()) % 7)
        self.meetings = {}
        rows = []
        for district in self.districts:
            for week in range(52):
                rows.append(
                    Meeting(
                        kind=MeetingKind.DISPATCH,
                        title=f"{district.name}重点项目周调度会（第{week + 1}期）",
                        district=district,
                        held_on=first_monday + timedelta(weeks=week),
                        chair="主要负责同志",
                    )
                )
        self.insert(Meeting, rows)
        for meeting in rows:
            self.meetings.setdefault(meeting.district_id, []).append(meeting.pk)
        self.rounds = self.insert(
            Round,
            [
                Round(
                    code=f"{district.code}-r{n}",
                    number=n,
                    name=f"{district.name}第{n}期“三个一批”活动",
                    district=district,
                    held_on=date(self.year, 3 * n, 20),
                )
                for district in self.districts
                for n in range(1, 5)
            ],
        )

    # -- projects and their parts ------------------------------------------------------------

    def projects(self):
        for start in range(0, self.n, self.chunk):
            self.project_chunk(start, min(self.n, start + self.chunk))

    def project_chunk(self, first, last):
        rng, year, season = self.rng, self.year, self.pools["season"]
        rows = []
        for i in range(first, last):
            d = i % self.k
            stage = rng.choice(STAGES)
            category = rng.choice(CATEGORIES)
            started = stage not in (Stage.PLANNED, Stage.SIGNED)
            start = self.day(1, 12, year - 1 + i % 2) if started else None
            planned_start = start or self.day(3, 12)
            finished = stage in (Stage.COMPLETED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY)
            industrial = category == Category.INDUSTRIAL
            rows.append(
                {
                    "code": f"{PREFIX}p{i + 1:07d}",
                    "name": f"基准项目{i + 1:07d}",
                    "district_id": self.districts[d].pk,
                    "level": rng.choice(LEVELS),
                    "category": category,
                    "nature": Nature.CONTINUING if i % 2 == 0 else Nature.NEW,
                    "industry_id": self.industries[i % len(self.industries)].pk
                    if industrial
                    else None,
                    "stage": stage,
                    "total_investment": rng.choice([5, 8, 10, 15, 20, 30, 50, 80, 100, 200]) * 1000,
                    "owner_id": self.enterprise_of(d) if industrial else None,
                    "planned_start": planned_start,
                    "actual_start": start,
                    "planned_completion": planned_start + timedelta(days=540),
                    "actual_completion": start + timedelta(days=rng.randint(300, 600))
                    if finished
                    else None,
                    "location": self.districts[d].name,
                    "is_published": i % 50 != 49,
                    "is_sample": True,
                }
            )
        self.copy(Project, rows)
        ids = dict(
            Project.objects.filter(code__gte=rows[0]["code"], code__lte=rows[-1]["code"])
            .filter(code__startswith=PREFIX)
            .values_list("code", "pk")
        )

        plans, reports, milestones, funding, approvals = [], [], [], [], []
        entries, problems, visits, leaders = [], [], [], []
        for offset, project in enumerate(rows):
            i = first + offset
            d = i % self.k
            pk = ids[project["code"]]
            total = project["total_investment"]
            plan = max(100, int(total * rng.uniform(0.1, 0.4)))
            plans.append({"project_id": pk, "year": year, "planned_investment": plan})
            if i % 2 == 0:
                plans.append({"project_id": pk, "year": year - 1, "planned_investment": plan // 2})
            pace = rng.uniform(0.6, 1.3)
            for month in range(1, 13):
                if month <= 10:
                    status = ReportStatus.APPROVED
                elif month == 11:
                    status = ReportStatus.APPROVED if rng.random() < 0.9 else ReportStatus.SUBMITTED
                else:
                    status = rng.choice(DECEMBER)
                amount = round(plan * pace * season[month - 1] / 11.3, 2)
                next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
                submitted = datetime(next_year, next_month, 5, 9, tzinfo=TZ)
                reviewed = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
                reports.append(
                    {
                        "project_id": pk,
                        "year": year,
                        "month": month,
                        "completed_investment": amount,
                        "narrative": f"本月完成投资{amount}万元。",
                        "status": status,
                        "submitted_at": None if status == ReportStatus.DRAFT else submitted,
                        "reviewed_at": submitted + timedelta(days=3) if reviewed else None,
                        "return_reason": "数据需核实" if status == ReportStatus.RETURNED else "",
                    }
                )
            base = project["planned_start"]
            for kind, name, days in MILESTONES:
                planned = base + timedelta(days=days)
                done = project["actual_start"] is not None and (
                    days <= 0 or project["actual_completion"] is not None or rng.random() < 0.5
                )
                milestones.append(
                    {
                        "project_id": pk,
                        "kind": kind,
                        "name": name,
                        "planned_date": planned,
                        "actual_date": planned + timedelta(days=rng.randint(-10, 30))
                        if done
                        else None,
                    }
                )
            for n in range(2 if i % 2 == 0 else 1):
                secured = max(100, int(total * rng.uniform(0.05, 0.2)))
                funding.append(
                    {
                        "project_id": pk,
                        "kind": FUNDING_KINDS[(i + n) % len(FUNDING_KINDS)],
                        "year": year,
                        "secured": secured,
                        "disbursed": int(secured * rng.uniform(0.5, 1.0)),
                    }
                )
            if i % 2 == 1:
                applied = base - timedelta(days=60)
                item = ApprovalItem(
                    kind=ApprovalKind.CONSTRUCTION_PERMIT,
                    name="建筑工程施工许可",
                    legal_days=20,
                    promised_days=15,
                    applied_on=applied,
                    approved_on=applied + timedelta(days=rng.randint(1, 15)),
                )
                item.compute_dates()  # as every save does; the rows are written in bulk
                approvals.append(
                    {
                        "project_id": pk,
                        **{
                            name: getattr(item, name)
                            for name in (
                                "kind",
                                "name",
                                "legal_days",
                                "promised_days",
                                "applied_on",
                                "approved_on",
                                "due_date",
                                "actual_days",
                            )
                        },
                    }
                )
            if i % 5 == 0:
                entries.append(
                    {
                        "round_id": self.rounds[d * 4 + i % 4].pk,
                        "project_id": pk,
                        "round_list": [
                            RoundList.SIGNED,
                            RoundList.STARTED,
                            RoundList.IN_PRODUCTION,
                        ][i % 3],
                    }
                )
            if i % 10 == 0:
                leaders.append(
                    {
                        "cadre_id": self.cadre_of(d),
                        "project_id": pk,
                        "role": AssignmentRole.LEADER,
                        "start": date(year, 1, 1),
                    }
                )
            problems.append(self.problem(i, d, pk, project["owner_id"]))
            visits.append(
                {
                    "cadre_id": self.cadre_of(d),
                    "enterprise_id": self.enterprise_of(d),
                    "district_id": self.districts[d].pk,
                    "visited_on": self.day(),
                    "mode": rng.choice([VisitMode.VISIT] * 4 + [VisitMode.CALL, VisitMode.MEETING]),
                    "summary": rng.choice(self.pools["visit_summaries"]),
                }
            )
        for model, chunk in (
            (AnnualPlan, plans),
            (ProgressReport, reports),
            (Milestone, milestones),
            (Funding, funding),
            (ApprovalItem, approvals),
            (RoundEntry, entries),
            (Assignment, leaders),
            (Problem, problems),
            (Visit, visits),
        ):
            self.copy(model, chunk)

    def problem(self, i, d, project_id, owner_id):
        rng, problems = self.rng, self.pools["problems"]
        status = rng.choice(PROBLEM_STATUSES)
        category = rng.choice(list(ProblemCategory))
        source = rng.choice(list(ProblemSource))
        raised = self.day(1, 11)
        meeting_id = None
        if source == ProblemSource.DISPATCH:
            week = (raised.timetuple().tm_yday - 1) // 7 % 52
            meeting_id = self.meetings[self.districts[d].pk][week]
        template = rng.choice(problems["templates"][category])
        row = {
            "tracking_code": f"{TRACKING_PREFIX}{i + 1:09d}",
            "title": template["title"],
            "description": template["description"],
            "enterprise_id": owner_id or self.enterprise_of(d),
            "project_id": project_id if i % 2 == 0 else None,
            "district_id": self.districts[d].pk,
            "category": category,
            "source": source,
            "meeting_id": meeting_id,
            "raised_on": raised,
            "status": status,
            "is_sample": True,
        }
        if status == ProblemStatus.REJECTED:
            row["rejection_reason"] = rng.choice(problems["rejection_reasons"])
            return row
        if status != ProblemStatus.RAISED:
            row["assignee_id"] = self.cadre_of(d)
            row["accepted_on"] = raised + timedelta(days=1)
            row["due_date"] = raised + timedelta(days=30)
        if status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
            row["resolution"] = problems["resolutions"][category]
            row["resolved_on"] = raised + timedelta(days=rng.randint(3, 40))
            row["satisfaction"] = rng.choice(
                [Satisfaction.SATISFIED] * 6
                + [Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED, ""]
            )
        if status == ProblemStatus.CLOSED:
            row["satisfaction"] = row["satisfaction"] or Satisfaction.SATISFIED
            row["closed_on"] = row["resolved_on"] + timedelta(days=3)
        return row

    def support(self):
        rng = self.rng
        rows = [
            {
                "enterprise_id": self.enterprise_ids[i * 5 % len(self.enterprise_ids)],
                "kind": rng.choice(list(SupportKind)),
                "amount": rng.randint(10, 2000),
                "granted_on": self.day(),
                "description": "基准数据",
            }
            for i in range(self.n // 10)
        ]
        self.copy(Support, rows)
