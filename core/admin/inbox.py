"""我的提醒: an official's own reminders in the admin, newest first; unread ones stand out,
and are marked read one by one, all at once, or by opening the list they point to."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Notification
from core.notify import mark_read
from core.validators import whole_number

PAGE_SIZE = 30


def inbox_view(site, request):
    notifications = Notification.objects.visible_to(request.user)
    unread_only = request.GET.get("unread") == "1"
    listed = notifications.unread() if unread_only else notifications
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **site.each_context(request),
        "title": _("My reminders"),
        "page": page,
        "unread_only": unread_only,
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
