"""Remind those who have not answered a convocation, N days before the session (Council.reminder_days)."""

from django.core.management.base import BaseCommand

from sessions_app.tasks import reminders_queue


class Command(BaseCommand):
    help = "Envía el recordatorio a quienes no han respondido la convocatoria; no repite los ya enviados."

    def handle(self, *args, **options):
        ids = reminders_queue()
        self.stdout.write(self.style.SUCCESS(f"Recordatorios en envío: {len(ids)}"))
