import hmac
import json

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import callserver
from .models import ApiToken, Block, CallEvent
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


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def _logged_in(request):
    """(user, None) for a valid `Token` or a logged-in session, else (None, the refusal to answer).

    A `Token` header cannot be sent by another site, a session cookie can: session requests must pass Django's CSRF
    check, or any page could register its own phone to our user and hear their calls ring.
    """
    user = _token_user(request)
    if user is not None:
        return user, None
    if not request.user.is_authenticated:
        return None, JsonResponse({"detail": "log in first"}, status=401)
    check = _CsrfCheck(lambda _: None)
    check.process_request(request)
    reason = check.process_view(request, None, (), {})
    if reason:
        return None, JsonResponse({"detail": "CSRF check failed: %s" % reason}, status=403)
    return request.user, None


def _ask(method, path, body=None, passed=(400, 404)):
    """The call server's answer, relayed: 2xx and the statuses in `passed` as they are (they are about the client's
    request); any other refusal is ours (a wrong API key, a server error), so the client sees 502; no answer, 503."""
    try:
        status, answer = callserver.ask(method, path, body)
    except callserver.Unreachable as e:
        return JsonResponse({"detail": "the call server is unreachable: %s" % e}, status=503)
    if 200 <= status < 300 or status in passed:
        if answer is None:
            return HttpResponse(status=status)
        return JsonResponse(answer, status=status, safe=False)
    return JsonResponse({"detail": "the call server refused", "status": status, "answer": answer}, status=502)


@csrf_exempt
@require_POST
def call_token(request):
    """A call token for the logged-in user (session or Token), minted by SecureVOX Call with our API key."""
    user, refusal = _logged_in(request)
    if refusal:
        return refusal
    try:
        wanted = json.loads(request.body or b"{}")
        session_id = str(wanted["sessionId"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "expected a JSON body with sessionId"}, status=400)
    body = json.dumps({"userId": str(user.pk), "sessionId": session_id}).encode()
    return _ask("POST", "/api/call/token", body, passed=())


@csrf_exempt
@require_POST
def user_token(request):
    """A user token for the logged-in user: what the app's device connection authenticates with, so it rings."""
    user, refusal = _logged_in(request)
    if refusal:
        return refusal
    return _ask("POST", "/api/user/token", json.dumps({"userId": str(user.pk)}).encode(), passed=())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def devices(request):
    """POST registers a phone's push token for the logged-in user; GET lists their devices (tokens never shown).

    The body goes to the call server as it came: its decoder is the one that knows the rules, and its 400 names the
    field, the value and what was expected.
    """
    user, refusal = _logged_in(request)
    if refusal:
        return refusal
    if request.method == "GET":
        return _ask("GET", callserver.user_path(user, "devices"))
    return _ask("POST", callserver.user_path(user, "devices"), request.body)


@csrf_exempt
@require_http_methods(["DELETE"])
def device(request, device_id):
    """Removes one of the logged-in user's devices (404 if it is not theirs: the path carries their own id)."""
    user, refusal = _logged_in(request)
    if refusal:
        return refusal
    return _ask("DELETE", callserver.user_path(user, "devices", str(device_id)))


@csrf_exempt
@require_POST
def devices_logout(request):
    """Logs out and removes every device of the user first, so a logged-out phone is never rung or pushed.

    If the call server cannot be told, the session stays: the app sees the error and can try again.
    """
    user, refusal = _logged_in(request)
    if refusal:
        return refusal
    listed = _ask("GET", callserver.user_path(user, "devices"), passed=())
    if listed.status_code != 200:
        return listed
    removed = 0
    for entry in json.loads(listed.content)["devices"]:
        gone = _ask("DELETE", callserver.user_path(user, "devices", entry["id"]), passed=(404,))
        if gone.status_code not in (204, 404):  # 404: removed meanwhile, which is what we want
            return gone
        removed += gone.status_code == 204
    if request.user.is_authenticated:
        logout(request)
    return JsonResponse({"removed": removed})


class _BadQuestion(ValueError):
    pass


def _unique_keys(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _BadQuestion("body: duplicate key %r (expected: each key once)" % key)
    return dict(pairs)


def _question(body):
    """`{"from": "<user id>", "to": "<user id>"}` exactly, or _BadQuestion naming what is wrong."""
    try:
        question = json.loads(body, object_pairs_hook=_unique_keys)
    except _BadQuestion:
        raise
    except ValueError:
        raise _BadQuestion('body: not valid JSON (expected: {"from": "<user id>", "to": "<user id>"})')
    if not isinstance(question, dict):
        raise _BadQuestion("body: %s (expected: a JSON object with from and to)" % type(question).__name__)
    unknown = sorted(set(question) - {"from", "to"})
    if unknown:
        raise _BadQuestion("%s: unexpected (expected: only from and to)" % unknown[0])
    for field in ("from", "to"):
        if field not in question:
            raise _BadQuestion("%s: missing (expected: a user id)" % field)
        value = question[field]
        if not isinstance(value, str) or not 1 <= len(value) <= 128:
            raise _BadQuestion("%s: %s (expected: a user id, 1 to 128 characters)" % (field, json.dumps(value)))
    return question["from"], question["to"]


def _active_user(user_id):
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    return get_user_model().objects.filter(pk=int(user_id), is_active=True).first()


def _from_the_call_server(request):
    """True if the request carries `Authorization: Bearer <our API key>`, compared in constant time."""
    expected = settings.SECUREVOX_CALL_API_KEY.encode()
    scheme, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(key.encode(), expected)


@csrf_exempt
@require_POST
def can_call(request):
    """The call policy SecureVOX Call asks before it rings anyone (SECUREVOX_CALL_DJANGO_CAN_CALL_PATH).

    200 when `to` takes calls from `from`, 403 when not: either is not an active user here, or `to` blocked `from`.
    """
    if not _from_the_call_server(request):
        return JsonResponse({"detail": "expected Authorization: Bearer <the call server's API key>"}, status=401)
    try:
        caller_id, callee_id = _question(request.body)
    except _BadQuestion as e:
        return JsonResponse({"detail": str(e)}, status=400)
    caller, callee = _active_user(caller_id), _active_user(callee_id)
    if caller is None or callee is None:
        return JsonResponse({"allowed": False, "detail": "not a user here"}, status=403)
    if Block.objects.filter(blocker=callee, blocked=caller).exists():
        return JsonResponse({"allowed": False, "detail": "blocked"}, status=403)
    return JsonResponse({"allowed": True})
