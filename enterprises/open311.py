"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the problem ledger, at
`/open311/v2/`, in JSON and XML.

- A service is a problem category (`service_code` = the category's code); its definition
  declares the attributes a request may carry: `company`, `credit_code`, `district`.
- A service request is a ledger problem; `service_request_id` is its tracking code. Its
  status is `open` (raised, accepted, in progress) or `closed` (resolved, closed, rejected).
  Only what the public tracking page shows is given: never the submitter, the contacts, the
  assignee, the description or a photo.
- POST `requests.<format>` is the public feedback (`problem_submit_feedback`, its rules and
  its rate limit): form fields `service_code`, `description`, `lat`/`long` or
  `address_string`, `first_name`, `last_name`, `phone`, `email`, `attribute[...]`.
- Errors are GeoReport's: `[{"code", "description"}]` (`<errors><error>…` in XML), 400 for
  bad input, 404 for an unknown service or request, 429 when rate-limited.
"""

import datetime
import math
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.validators import normalize_credit_code
from districts.models import District, DistrictKind

from .choices import DONE_STATUSES, OPEN_STATUSES, ProblemCategory, ProblemStatus
from .models import Enterprise, Problem
from .services import problem_submit_feedback
from .views import FeedbackRateThrottle

# GeoReport: a requests list spans at most 90 days (the last 90 by default).
SPAN = datetime.timedelta(days=90)
MAX_REQUESTS = 1000
CLOSED_STATUSES = [*DONE_STATUSES, ProblemStatus.REJECTED]
TITLE_LENGTH = 40


class Open311Error(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code, self.description = code, description


def _xml_element(tag, value):
    element = ElementTree.Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_xml_element(key, item))
    elif isinstance(value, list):
        child_tag = {"attributes": "attribute", "values": "value"}.get(tag, "item")
        for item in value:
            element.append(_xml_element(child_tag, item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def render(data, fmt, *, root=None, item=None, status=200):
    """`data` as GeoReport JSON, or as XML: a list under `<root>` of `<item>`s, or one
    object as `<root>`."""
    if fmt == "json":
        return JsonResponse(
            data, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    if isinstance(data, list):
        element = ElementTree.Element(root)
        for entry in data:
            element.append(_xml_element(item, entry))
    else:
        element = _xml_element(root, data)
    body = ElementTree.tostring(element, encoding="unicode")
    return HttpResponse(
        f'<?xml version="1.0" encoding="utf-8"?>\n{body}',
        content_type="text/xml; charset=utf-8",
        status=status,
    )


def error(fmt, code, description):
    return render(
        [{"code": code, "description": description}],
        fmt,
        root="errors",
        item="error",
        status=code,
    )


def open311_view(methods):
    """A GeoReport view: its format from the URL, its errors in GeoReport's shape."""

    def decorate(view):
        @csrf_exempt  # other systems post without a session: nothing rides on a cookie
        @require_http_methods(methods)
        def wrapped(request, fmt, **kwargs):
            try:
                return view(request, fmt, **kwargs)
            except Open311Error as failure:
                return error(fmt, failure.code, failure.description)

        return wrapped

    return decorate


# --- Services -------------------------------------------------------------------------------


def service(category):
    return {
        "service_code": category.value,
        "service_name": str(category.label),
        "description": _("Problems of enterprises: %(category)s") % {"category": category.label},
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": _("Helping enterprises"),
    }


def definition(category):
    districts = District.objects.order_by("order", "code").values_list("code", "name")
    return {
        "service_code": category.value,
        "attributes": [
            {
                "variable": True,
                "code": "company",
                "datatype": "string",
                "required": False,
                "datatype_description": _("The enterprise's name"),
                "order": 1,
                "description": _(
                    "The enterprise raising the problem (needed unless its credit code is "
                    "registered)."
                ),
            },
            {
                "variable": True,
                "code": "credit_code",
                "datatype": "string",
                "required": False,
                "datatype_description": _("18 characters (GB 32100-2015)"),
                "order": 2,
                "description": _("The enterprise's unified social credit code."),
            },
            {
                "variable": True,
                "code": "district",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 3,
                "description": _(
                    "Where the enterprise is (default: the registered enterprise's district, "
                    "else the city)."
                ),
                "values": [{"key": code, "name": name} for code, name in districts],
            },
        ],
    }


def _category(service_code):
    if service_code not in ProblemCategory.values:
        raise Open311Error(404, _("No service has this code."))
    return ProblemCategory(service_code)


@open311_view(["GET"])
def services(request, fmt):
    return render([service(c) for c in ProblemCategory], fmt, root="services", item="service")


@open311_view(["GET"])
def service_definition(request, fmt, service_code):
    return render(definition(_category(service_code)), fmt, root="service_definition")


# --- Service requests -------------------------------------------------------------------------


def _datetime(day):
    moment = datetime.datetime.combine(day, datetime.time())
    return timezone.make_aware(moment).isoformat()


def _status_notes(problem):
    if problem.status == ProblemStatus.REJECTED:
        return problem.rejection_reason
    if problem.status in DONE_STATUSES:
        notes = problem.get_outcome_display() if problem.outcome else ""
        return "：".join(part for part in (notes, problem.outcome_note) if part)
    return problem.get_status_display()


def service_request(problem):
    """What GeoReport says of a problem: the public tracking page's fields, no contacts."""
    return {
        "service_request_id": problem.tracking_code,
        "status": "open" if problem.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(problem),
        "service_name": problem.get_category_display(),
        "service_code": problem.category,
        "agency_responsible": problem.handling_unit,
        "service_notice": "",
        "requested_datetime": _datetime(problem.raised_on),
        "updated_datetime": problem.updated_at.isoformat(),
        "expected_datetime": _datetime(problem.due_date) if problem.due_date else None,
        "address": problem.district.name,
        "zipcode": None,
    }


def _moment(request, name):
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Open311Error(
            400,
            _("%(name)s: a W3C date and time, e.g. 2023-05-01T00:00:00Z.") % {"name": name},
        ) from None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _listed(request):
    rows = Problem.objects.select_related("district", "assignee").order_by("-raised_on", "pk")
    codes = [c.strip().upper() for c in request.GET.get("service_request_id", "").split(",")]
    codes = [c for c in codes if c]
    if codes:  # GeoReport: the ids override every other parameter
        return rows.filter(tracking_code__in=codes[:MAX_REQUESTS])
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date: after end_date."))
    if start is None and end is None:
        end = timezone.localdate()
    if start is None:
        start = end - SPAN
    if end is None:
        end = start + SPAN
    if end - start > SPAN:
        raise Open311Error(400, _("start_date, end_date: at most 90 days apart."))
    rows = rows.filter(raised_on__range=(start, end))
    service_codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
    if service_codes:
        unknown = set(service_codes) - set(ProblemCategory.values)
        if unknown:
            raise Open311Error(
                400, _("service_code: unknown %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
            )
        rows = rows.filter(category__in=service_codes)
    statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status: open or closed."))
    if statuses == {"open"}:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        rows = rows.filter(status__in=CLOSED_STATUSES)
    return rows[:MAX_REQUESTS]


@open311_view(["GET", "POST"])
def requests(request, fmt):
    if request.method == "POST":
        return post_request(request, fmt)
    listed = [service_request(problem) for problem in _listed(request)]
    return render(listed, fmt, root="service_requests", item="request")


@open311_view(["GET"])
def request_detail(request, fmt, code):
    problem = (
        Problem.objects.select_related("district", "assignee")
        .filter(tracking_code=code.strip().upper())
        .first()
    )
    if problem is None:
        raise Open311Error(404, _("No service request has this id."))
    return render([service_request(problem)], fmt, root="service_requests", item="request")


def _district(code, credit_code):
    if code:
        district = District.objects.filter(code=code).first()
        if district is None:
            raise Open311Error(400, _("attribute[district]: no district has this code."))
        return district, None
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first() if credit_code else None
    if enterprise is not None:
        return enterprise.district, enterprise
    city = District.objects.filter(kind=DistrictKind.CITY).order_by("order", "pk").first()
    if city is None:
        raise Open311Error(400, _("attribute[district]: say where the enterprise is."))
    return city, None


def post_request(request, fmt):
    """A problem reported through GeoReport: the public feedback, with its rules."""
    data = request.POST
    category = data.get("service_code", "").strip()
    if category not in ProblemCategory.values:
        raise Open311Error(400, _("service_code: no service has this code."))
    description = data.get("description", "").strip()
    address = data.get("address_string", "").strip()
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if lat or long:
        try:
            lat_value, long_value = float(lat), float(long)
        except ValueError:
            raise Open311Error(400, _("lat, long: two numbers, in degrees.")) from None
        if not (-90 <= lat_value <= 90 and -180 <= long_value <= 180) or not all(
            map(math.isfinite, (lat_value, long_value))
        ):
            raise Open311Error(400, _("lat, long: a place on Earth, in degrees."))
    elif not address:
        raise Open311Error(400, _("lat, long or address_string: say where the problem is."))
    credit_code = normalize_credit_code(data.get("attribute[credit_code]", ""))
    district, enterprise = _district(data.get("attribute[district]", "").strip(), credit_code)
    company = data.get("attribute[company]", "").strip() or (enterprise.name if enterprise else "")
    name = "".join(data.get(k, "").strip() for k in ("last_name", "first_name"))  # 姓 then 名
    place = address or f"{lat}, {long}"
    throttle = FeedbackRateThrottle()
    if not throttle.allow_request(request, None):
        raise Open311Error(429, _("Too many requests from your address. Try again later."))
    try:
        problem = problem_submit_feedback(
            district=district,
            title=description.splitlines()[0][:TITLE_LENGTH] if description else "",
            description=f"{description}\n{_('Location')}: {place}" if description else "",
            category=category,
            submitter_company=company,
            submitter_credit_code=credit_code,
            submitter_name=name,
            submitter_phone=data.get("phone", "").strip(),
        )
    except ValidationError as failure:
        fields = {
            "submitter_company": "attribute[company]",
            "submitter_credit_code": "attribute[credit_code]",
            "submitter_name": "first_name, last_name",
            "submitter_phone": "phone",
            "title": "description",
        }
        described = "; ".join(
            f"{fields.get(field, field)}: {' '.join(messages)}"
            for field, messages in failure.message_dict.items()
        )
        raise Open311Error(400, described) from None
    receipt = {
        "service_request_id": problem.tracking_code,
        "service_notice": "",
        "account_id": None,
    }
    return render([receipt], fmt, root="service_requests", item="request")


FORMAT = r"\.(?P<fmt>json|xml)$"
CODE = r"(?P<%s>[A-Za-z0-9_-]+)"
urlpatterns = [
    re_path(rf"^services{FORMAT}", services, name="open311-services"),
    re_path(
        rf"^services/{CODE % 'service_code'}{FORMAT}", service_definition, name="open311-service"
    ),
    re_path(rf"^requests{FORMAT}", requests, name="open311-requests"),
    re_path(rf"^requests/{CODE % 'code'}{FORMAT}", request_detail, name="open311-request"),
]
