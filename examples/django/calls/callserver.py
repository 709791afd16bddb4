"""Talks to SecureVOX Call with this backend's API key (stdlib urllib: the example needs no PyPI package)."""
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class Unreachable(Exception):
    """The call server did not answer at all."""


def ask(method, path, body=None):
    """Sends `body` (bytes of JSON, or None) to the call server; returns (status, parsed JSON answer or None).

    An HTTP error status is an answer like any other: the caller decides what it means for its own client.
    """
    request = urllib.request.Request(
        settings.SECUREVOX_CALL_URL.rstrip("/") + path,
        data=body,
        method=method,
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + settings.SECUREVOX_CALL_API_KEY},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, _json(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, _json(e.read())
    except (urllib.error.URLError, OSError) as e:
        raise Unreachable(str(e)) from e


def user_path(user, *rest):
    """`/api/users/<user id>/...`, each part quoted so no id can reach another route."""
    parts = ["api", "users", str(user.pk), *rest]
    return "/" + "/".join(urllib.parse.quote(part, safe="") for part in parts)


def _json(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
