"""A mail server that takes the connection and never answers (a stalled SMTP relay): a
reminder's delivery fails within the mail timeout and is recorded as failed, instead of
holding the worker that sends it (core.notify.send_delivery) without bound."""

import socket
import time

from django.conf import settings as configured

from core.notify import notify, send_delivery
from tests.factories import OfficialFactory


def test_the_mail_timeout_is_bounded_by_default():
    assert configured.EMAIL_TIMEOUT == 10


def test_a_silent_mail_server_fails_the_delivery_within_the_timeout(db, settings):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    user = OfficialFactory().user
    user.email = "zhangwei@example.gov.cn"
    user.save()
    reminder = notify(key="silent-relay", recipient=user, kind="filing_due", title="催报")
    delivery = reminder.deliveries.get()
    try:
        started = time.monotonic()
        assert send_delivery.call(delivery.pk) is False
        assert time.monotonic() - started < 5
    finally:
        silent.close()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "timed out" in delivery.last_error
