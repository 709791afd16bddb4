import secrets

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A user's API token, sent as `Authorization: Token <key>` (the scheme Django REST framework uses)."""

    key = models.CharField(max_length=40, primary_key=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    created = models.DateTimeField(auto_now_add=True)

    @classmethod
    def issue(cls, user):
        token, _ = cls.objects.get_or_create(user=user, defaults={"key": secrets.token_hex(20)})
        return token


class CallEvent(models.Model):
    """A webhook event from SecureVOX Call, stored once per id however often it is delivered."""

    id = models.CharField(max_length=64, primary_key=True)
    type = models.CharField(max_length=32)
    session_id = models.CharField(max_length=128, db_index=True)
    sequence = models.BigIntegerField()
    created_at = models.CharField(max_length=40)
    body = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    deliveries = models.IntegerField(default=1)

    class Meta:
        ordering = ["received_at", "sequence"]


class Block(models.Model):
    """`blocker` does not want calls from `blocked`: the call policy refuses them (docs/protocol.md, "Who may call")."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]
