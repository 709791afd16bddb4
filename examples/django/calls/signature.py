"""Checks `X-SecureVOX-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (docs/webhooks.md)."""
import hashlib
import hmac
import time


def verify(secret: bytes, header: str, body: bytes, tolerance: int = 300, now=None) -> bool:
    """True if header is a valid signature of body by secret, made within tolerance seconds of now."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        t = int(fields["t"])
        v1 = fields["v1"]
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    expected = hmac.new(secret, str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, v1)
