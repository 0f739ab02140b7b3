"""Export key projects as an OC4IDS 0.9 project package (Open Contracting for Infrastructure
Data Standard), so provincial and national platforms can take our data without a mapping of
their own. Amounts are converted from 万元 to yuan (CNY)."""

import datetime
from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from .choices import ApprovalKind, MilestoneKind, ReportStatus, Stage
from .models import AnnualPlan, ApprovalItem, Funding, Milestone, Photo, ProgressReport, RoundEntry

STATUS = {
    Stage.PLANNED: "identification",
    Stage.RESERVE: "identification",
    Stage.PRELIMINARY: "preparation",
    Stage.SIGNED: "preparation",
    Stage.UNDER_CONSTRUCTION: "implementation",
    Stage.SUSPENDED: "implementation",
    Stage.COMPLETED: "completion",
    Stage.IN_PRODUCTION: "maintenance",
    Stage.AT_CAPACITY: "maintenance",
    Stage.CANCELLED: "cancelled",
}
MILESTONE_CODE = {
    MilestoneKind.SIGNING: "commercialClose",
    MilestoneKind.APPROVAL: "projectApproval",
    MilestoneKind.START: "commencement",
    MilestoneKind.COMPLETION: "completion",
    MilestoneKind.PRODUCTION: "commissioning",
}
TEN_THOUSAND = Decimal(10000)


def _yuan(amount_wan):
    """万元 → a CNY Value object."""
    amount = (amount_wan * TEN_THOUSAND).normalize()
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": "CNY"}


def _datetime(day):
    moment = datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return moment.isoformat()


def _period(start, end):
    period = {}
    if start:
        period["startDate"] = _datetime(start)
    if end:
        period["endDate"] = _datetime(end)
    return period


def project_id(project):
    return f"{settings.OC4IDS_PREFIX}-{project.code}"


def _milestones(project):
    result = []
    for milestone in project.milestones.all():
        entry = {
            "id": str(milestone.pk),
            "title": str(milestone),
            "type": "approval" if milestone.kind == MilestoneKind.APPROVAL else "delivery",
            "dueDate": _datetime(milestone.planned_date),
        }
        if milestone.kind in MILESTONE_CODE:
            entry["code"] = MILESTONE_CODE[milestone.kind]
        if milestone.actual_date:
            entry["dateMet"] = _datetime(milestone.actual_date)
            entry["status"] = "met"
        else:
            entry["status"] = "notMet" if milestone.overdue else "scheduled"
        result.append(entry)
    return result


def _approval_milestones(project):
    """前期手续: each approval item as an `approval` milestone, due on its due date (the
    promised limit in working days after the application), met on its approval date; not
    met when late (projects.querysets.approval_late)."""
    result = []
    for item in project.approval_items.all():
        entry = {
            "id": f"approval-{item.pk}",
            "title": str(item),
            "type": "approval",
            "description": f"{item.get_kind_display()} ({item.kind})",
        }
        if item.kind == ApprovalKind.PROJECT_APPROVAL:
            entry["code"] = "projectApproval"
        if item.due_date:
            entry["dueDate"] = _datetime(item.due_date)
        if item.approved_on:
            entry["dateMet"] = _datetime(item.approved_on)
            entry["status"] = "met"
        elif item.late:
            entry["status"] = "notMet"
        else:
            entry["status"] = "scheduled"
        result.append(entry)
    return result


def _month(year, month):
    last = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return _period(datetime.date(year, month, 1), last)


def _financial_progress(project):
    """OC4IDS `financialProgress` metric: investment completed per approved monthly report."""
    observations = [
        {
            "id": f"{report.year}-{report.month:02d}",
            "period": _month(report.year, report.month),
            "value": _yuan(report.completed_investment),
        }
        for report in project.approved_reports
    ]
    if not observations:
        return []
    return [
        {
            "id": "financialProgress",
            "title": "Investment completed (approved monthly reports)",
            "observations": observations,
        }
    ]


def _physical_progress(project):
    """OC4IDS `physicalProgress` metric: the 形象进度 narrative of each approved report."""
    observations = [
        {
            "id": f"{report.year}-{report.month:02d}",
            "period": _month(report.year, report.month),
            "measure": report.narrative,
        }
        for report in project.approved_reports
        if report.narrative
    ]
    if not observations:
        return []
    return [
        {
            "id": "physicalProgress",
            "title": "Physical progress (形象进度, approved monthly reports)",
            "observations": observations,
        }
    ]


def _forecasts(project):
    """Planned progress: each annual plan's investment as a `financialProgress` forecast."""
    observations = [
        {
            "id": str(plan.year),
            "period": _period(datetime.date(plan.year, 1, 1), datetime.date(plan.year, 12, 31)),
            "value": _yuan(plan.planned_investment),
        }
        for plan in project.annual_plans.all()
    ]
    if not observations:
        return []
    return [
        {
            "id": "financialProgress",
            "title": "Planned investment (annual plans)",
            "observations": observations,
        }
    ]


def _transactions(project):
    """Payments: the amount disbursed from each funding source in its year."""
    return [
        {
            "id": f"funding-{funding.pk}",
            "date": _datetime(datetime.date(funding.year, 12, 31)),
            "value": _yuan(funding.disbursed),
            **(
                {"payee": {"id": project.owner.credit_code, "name": project.owner.name}}
                if project.owner
                else {}
            ),
        }
        for funding in project.funding.all()
        if funding.disbursed
    ]


def _documents(project):
    """The project's public photos, as illustrations."""
    return [
        {
            "id": f"photo-{photo.pk}",
            "documentType": "illustration",
            "title": photo.caption,
            "url": urljoin(settings.SITE_URL, photo.image.url),
            "format": "image/jpeg",
            **({"datePublished": _datetime(photo.taken_on)} if photo.taken_on else {}),
        }
        for photo in project.public_photos
    ]


def _classifications(project):
    """The key-project level and each "三个一批" list the project is on (our own ids: the
    standard's classification schemes have none for either)."""
    result = [
        {
            "id": f"key-project-level-{project.level}",
            "description": f"{project.get_level_display()} (重点项目)",
        }
    ]
    for entry in project.round_entries.all():
        result.append(
            {
                "id": f"three-batches-{entry.round.code}-{entry.round_list}",
                "description": f"{entry.round.name} · {entry.get_round_list_display()}",
            }
        )
    return result


def _milestone_date(project, kind):
    return next(
        (m.actual_date for m in project.milestones.all() if m.kind == kind and m.actual_date),
        None,
    )


def _phase_periods(project):
    """The periods of the stages we know the dates of: preparation from signing to the start,
    implementation from the start to completion, maintenance from production on."""
    start = project.actual_start or project.planned_start
    end = project.actual_completion or project.planned_completion
    signed = _milestone_date(project, MilestoneKind.SIGNING)
    producing = _milestone_date(project, MilestoneKind.PRODUCTION)
    periods = {
        "preparationPeriod": _period(signed, start) if signed else {},
        "implementationPeriod": _period(start, end),
        "maintenancePeriod": _period(producing, None),
    }
    return {name: period for name, period in periods.items() if period}


def _completion(project):
    if not project.actual_completion:
        return {}
    completed = sum(
        (report.completed_investment for report in project.approved_reports), Decimal(0)
    )
    return {
        "completion": {
            "endDate": _datetime(project.actual_completion),
            "finalValue": _yuan(completed),
            "finalValueDetails": "Investment completed as reported in approved monthly reports.",
        }
    }


def project_release(project):
    """One project as an OC4IDS project object (rows prefetched by project_package)."""
    data = {
        "id": project_id(project),
        "updated": project.updated_at.isoformat(),
        "language": "zh",
        "title": project.name,
        "status": STATUS[project.stage],
        "type": "construction",
        "budget": {"amount": _yuan(project.total_investment)},
        "publicAuthority": {"id": project.district.code, "name": project.district.name},
        "parties": [
            {
                "id": project.district.code,
                "name": project.district.name,
                "roles": ["publicAuthority"],
            }
        ],
    }
    if project.construction_content:
        data["description"] = project.construction_content
    if project.national_code:
        data["identifiers"] = [{"id": project.national_code, "scheme": "CN-NIPAP"}]
    if project.category == "industrial":
        data["sector"] = ["economy"]
    period = _period(project.planned_start, project.planned_completion)
    if period:
        data["period"] = period
    if project.location or project.latitude is not None:
        location = {"id": "1"}
        if project.location:
            location["description"] = project.location
        if project.latitude is not None and project.longitude is not None:
            location["geometry"] = {
                "type": "Point",
                "coordinates": [float(project.longitude), float(project.latitude)],
            }
        data["locations"] = [location]
    if project.owner:
        data["parties"].append(
            {
                "id": project.owner.credit_code,
                "name": project.owner.name,
                "identifier": {"scheme": "CN-USCC", "id": project.owner.credit_code},
                "roles": ["funder", "payee"],
            }
        )
    breakdown = [
        {
            "id": str(funding.pk),
            "description": f"{funding.get_kind_display()} ({funding.kind})",
            "amount": _yuan(funding.secured),
            "period": _period(
                datetime.date(funding.year, 1, 1), datetime.date(funding.year, 12, 31)
            ),
        }
        for funding in project.funding.all()
    ]
    if breakdown:
        data["budget"]["budgetBreakdowns"] = [
            {
                "id": "funding",
                "description": "Funding secured by source",
                "budgetBreakdown": breakdown,
            }
        ]
    data.update(_phase_periods(project))
    data.update(_completion(project))
    parts = {
        "additionalClassifications": _classifications(project),
        "milestones": _milestones(project) + _approval_milestones(project),
        "forecasts": _forecasts(project),
        "metrics": _financial_progress(project) + _physical_progress(project),
        "transactions": _transactions(project),
        "documents": _documents(project),
    }
    data.update({name: rows for name, rows in parts.items() if rows})
    return data


def release_rows(projects):
    """The projects with the rows their releases read (`project_release`), prefetched."""
    today = timezone.localdate()
    return projects.select_related("district", "owner").prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.with_due_state(today).order_by("planned_date", "pk"),
        ),
        Prefetch("funding", queryset=Funding.objects.order_by("year", "kind", "pk")),
        Prefetch("annual_plans", queryset=AnnualPlan.objects.order_by("year")),
        Prefetch(
            "approval_items",
            queryset=ApprovalItem.objects.with_late(today).order_by("applied_on", "pk"),
        ),
        Prefetch(
            "round_entries",
            queryset=RoundEntry.objects.select_related("round").order_by(
                "round__held_on", "round_list"
            ),
        ),
        Prefetch(
            "photos",
            queryset=Photo.objects.public().order_by("order", "pk"),
            to_attr="public_photos",
        ),
        Prefetch(
            "reports",
            queryset=ProgressReport.objects.filter(status=ReportStatus.APPROVED).order_by(
                "year", "month"
            ),
            to_attr="approved_reports",
        ),
    )


def package_head(*, publisher, uri):
    """The package's fields but its projects."""
    return {
        "uri": uri,
        "publishedDate": timezone.now().isoformat(),
        "version": "0.9",
        "publisher": {"name": publisher},
    }


def project_package(projects, *, publisher, uri):
    """An OC4IDS project package of the given projects (a queryset, visibility already applied)."""
    return {
        **package_head(publisher=publisher, uri=uri),
        "projects": [project_release(project) for project in release_rows(projects)],
    }
