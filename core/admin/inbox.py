"""我的提醒: an official's own reminders in the admin, grouped by kind and unit — reports not
filed and returned first, newest first within a group — and filtered by kind, unit and
unread; unread ones stand out, and are marked read one by one, all at once, or by opening
the list they point to."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.filtersets import NotificationFilterSet
from core.models import Notification
from core.notify import KINDS, mark_read
from core.validators import whole_number

PAGE_SIZE = 30


def _kind_rank():
    """Reports not filed and returned first, then the kinds in core.notify.KINDS' order."""
    return Case(
        *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KINDS)),
        default=Value(len(KINDS)),
        output_field=IntegerField(),
    )


def _url(request, **changes):
    query = {k: v for k, v in request.GET.items() if k in ("unread", "kind", "unit")}
    query = {k: v for k, v in {**query, **changes}.items() if v}
    return "?" + urlencode(query) if query else "?"


def inbox_view(site, request):
    """The reminders grouped by kind and unit (reports not filed and returned first), with
    the API's filters (core.filtersets.NotificationFilterSet) as chips: unread, kind, unit."""
    own = Notification.objects.visible_to(request.user)
    filterset = NotificationFilterSet(request.GET, queryset=own)
    if not filterset.is_valid():
        return HttpResponseBadRequest(str(filterset.errors))
    data = filterset.form.cleaned_data
    listed = filterset.qs.annotate(kind_rank=_kind_rank()).order_by(
        "kind_rank", "unit", "-created_at", "-pk"
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for note in page.object_list:
        note.kind_label = KINDS.get(note.kind, note.kind)
    # The chips: each kind and each unit with its count among the other filters' rows.
    unread = own.filter(read_at__isnull=True) if data.get("unread") == "true" else own
    unread = own.filter(read_at__isnull=False) if data.get("unread") == "false" else unread
    kinds = (
        (unread.filter(unit=data["unit"]) if data.get("unit") else unread)
        .annotate(kind_rank=_kind_rank())
        .values("kind", "kind_rank")
        .annotate(n=Count("pk"))
        .order_by("kind_rank", "kind")
    )
    units = (
        (unread.filter(kind=data["kind"]) if data.get("kind") else unread)
        .exclude(unit="")
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("unit")
    )
    context = {
        **site.each_context(request),
        "title": _("My reminders"),
        "page": page,
        "unread_only": data.get("unread") == "true",
        "kind": data.get("kind", ""),
        "unit": data.get("unit", ""),
        "kind_chips": [
            {
                "label": KINDS.get(row["kind"], row["kind"]),
                "n": row["n"],
                "active": row["kind"] == data.get("kind"),
                "url": _url(request, kind=row["kind"], page=""),
            }
            for row in kinds
        ],
        "unit_chips": [
            {
                "label": row["unit"],
                "n": row["n"],
                "active": row["unit"] == data.get("unit"),
                "url": _url(request, unit=row["unit"], page=""),
            }
            for row in units
        ],
        "urls": {
            "all": _url(request, unread="", page=""),
            "unread": _url(request, unread="true", page=""),
            "any_kind": _url(request, kind="", page=""),
            "any_unit": _url(request, unit="", page=""),
            "previous": page.has_previous() and _url(request, page=page.previous_page_number()),
            "next": page.has_next() and _url(request, page=page.next_page_number()),
        },
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/inbox.html", context)


def open_view(site, request, pk):
    """Open what a reminder is about; it counts as read from then on."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    mark_read(Notification.objects.filter(pk=notification.pk))
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse(f"{site.name}:inbox")
    return HttpResponseRedirect(target)


def read_view(site, request):
    """Mark read: the reminders ticked (`id`), or every unread one (`all`)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    own = Notification.objects.visible_to(request.user)
    if not request.POST.get("all"):
        chosen = map(whole_number, request.POST.getlist("id"))
        own = own.filter(pk__in=[pk for pk in chosen if pk is not None])
    count = mark_read(own)
    messages.success(
        request,
        ngettext("%(count)d reminder marked read.", "%(count)d reminders marked read.", count)
        % {"count": count},
    )
    return HttpResponseRedirect(reverse(f"{site.name}:inbox"))
