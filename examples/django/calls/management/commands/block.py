from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from calls.models import Block


class Command(BaseCommand):
    help = "BLOCKER no longer takes calls from BLOCKED (the call policy answers 403); --undo lifts it."

    def add_arguments(self, parser):
        parser.add_argument("blocker", help="username of who blocks")
        parser.add_argument("blocked", help="username of who may no longer call them")
        parser.add_argument("--undo", action="store_true", help="lift the block instead")

    def handle(self, *args, blocker, blocked, undo, **options):
        who, whom = self.user(blocker), self.user(blocked)
        if undo:
            Block.objects.filter(blocker=who, blocked=whom).delete()
            self.stdout.write("%s takes calls from %s again" % (blocker, blocked))
        else:
            Block.objects.get_or_create(blocker=who, blocked=whom)
            self.stdout.write("%s no longer takes calls from %s" % (blocker, blocked))

    @staticmethod
    def user(username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError("no user named %r" % username)
