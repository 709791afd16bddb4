import json
import urllib.error
import urllib.request

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import ApiToken, CallEvent
from .signature import verify as signature_ok


def _token_user(request):
    """The user whose `Authorization: Token <key>` this is, or None."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "token" or not key:
        return None
    token = ApiToken.objects.select_related("user").filter(key=key.strip()).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


@require_GET
def verify(request):
    """Who holds this token: what SecureVOX Call asks before minting a call token (docs/protocol.md)."""
    user = _token_user(request)
    if user is None:
        return JsonResponse({"detail": "Invalid token."}, status=401)
    return JsonResponse({"user_id": str(user.pk), "username": user.get_username()})


@csrf_exempt
@require_POST
def webhook(request):
    """Receives SecureVOX Call events: signature and timestamp checked, each event stored once by its id."""
    secret = settings.SECUREVOX_WEBHOOK_SECRET.encode()
    header = request.META.get("HTTP_X_SECUREVOX_SIGNATURE", "")
    if not secret or not signature_ok(secret, header, request.body, settings.SECUREVOX_WEBHOOK_TOLERANCE):
        return JsonResponse({"detail": "bad or stale signature"}, status=401)
    try:
        event = json.loads(request.body)
        fields = {
            "type": str(event["type"]),
            "session_id": str(event["sessionId"]),
            "sequence": int(event["sequence"]),
            "created_at": str(event["createdAt"]),
            "body": request.body.decode(),
        }
        event_id = str(event["id"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "not a SecureVOX Call event"}, status=400)
    try:
        with transaction.atomic():
            CallEvent.objects.create(id=event_id, **fields)
    except IntegrityError:
        # Delivered again (at least once): already stored, so only count it.
        CallEvent.objects.filter(id=event_id).update(deliveries=F("deliveries") + 1)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def call_token(request):
    """A call token for the logged-in user (session or Token), minted by SecureVOX Call with our API key."""
    user = request.user if request.user.is_authenticated else _token_user(request)
    if user is None:
        return JsonResponse({"detail": "log in first"}, status=401)
    try:
        wanted = json.loads(request.body or b"{}")
        session_id = str(wanted["sessionId"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "expected a JSON body with sessionId"}, status=400)
    body = json.dumps({"userId": str(user.pk), "sessionId": session_id}).encode()
    mint = urllib.request.Request(
        settings.SECUREVOX_CALL_URL.rstrip("/") + "/api/call/token",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + settings.SECUREVOX_CALL_API_KEY},
    )
    try:
        with urllib.request.urlopen(mint, timeout=5) as answer:
            return JsonResponse(json.loads(answer.read()))
    except urllib.error.HTTPError as e:
        return JsonResponse({"detail": "the call server refused", "status": e.code}, status=502)
    except (urllib.error.URLError, OSError) as e:
        return JsonResponse({"detail": "the call server is unreachable: %s" % e}, status=503)
