from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from calls.models import ApiToken


class Command(BaseCommand):
    help = "Creates the user if needed and prints their API token (for `Authorization: Token <key>`)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user, _ = get_user_model().objects.get_or_create(username=username)
        self.stdout.write(ApiToken.issue(user).key)
