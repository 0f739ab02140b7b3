"""Export key projects as an OC4IDS 0.9 project package (Open Contracting for Infrastructure
Data Standard), so provincial and national platforms can take our data without a mapping of
their own. Amounts are converted from 万元 to yuan (CNY)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from .choices import MilestoneKind, ReportStatus, Stage
from .models import Funding, Milestone, ProgressReport

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


def _financial_progress(project):
    """OC4IDS `financialProgress` metric: investment completed per approved monthly report."""
    observations = [
        {
            "id": f"{report.year}-{report.month:02d}",
            "period": _period(
                datetime.date(report.year, report.month, 1),
                datetime.date(report.year, report.month, 1),
            ),
            "value": _yuan(report.completed_investment),
            "notes": report.narrative or "",
        }
        for report in project.approved_reports
    ]
    for observation in observations:
        if not observation["notes"]:
            del observation["notes"]
    if not observations:
        return []
    return [
        {
            "id": "financialProgress",
            "title": "Investment completed (approved monthly reports)",
            "observations": observations,
        }
    ]


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
                "roles": ["funder"],
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
    milestones = _milestones(project)
    if milestones:
        data["milestones"] = milestones
    metrics = _financial_progress(project)
    if metrics:
        data["metrics"] = metrics
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
