import json

from django.core.management.base import BaseCommand

from calls.models import CallEvent


class Command(BaseCommand):
    help = "Prints the stored call events as JSON lines, in the order they were received."

    def handle(self, *args, **options):
        for event in CallEvent.objects.order_by("received_at", "sequence"):
            self.stdout.write(json.dumps({
                "id": event.id,
                "type": event.type,
                "sessionId": event.session_id,
                "sequence": event.sequence,
                "deliveries": event.deliveries,
            }))
