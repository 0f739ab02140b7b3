"""`manage.py send_reminders`: send the 催报 and 督办 reminders due today (supervision.reminders).

Safe to run as often as wanted — from a systemd timer or cron, every hour say: a reminder
is recorded once and never sent twice. Its e-mail and chat messages are sent by the task
worker (`manage.py db_worker`); a channel that failed (mail server, chat webhook) is queued
again by the next run.
"""

from django.core.management.base import BaseCommand

from supervision.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due today (reports not filed before and after the deadline, "
        "overdue problems escalated, milestones and approvals past due) to the inbox, e-mail "
        "and the chat webhook (sent by the worker, manage.py db_worker); never the same "
        "reminder twice."
    )

    def handle(self, *args, **options):
        counts = send_reminders()
        self.stdout.write(
            f"{counts['recorded']} new reminders; {counts['retried']} earlier deliveries "
            "queued again. The worker (manage.py db_worker) sends them."
        )
