import json
import time

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from .models import ApiToken, CallEvent
from .signature import verify

SECRET = "example-webhook-secret-0123456789"


class SignatureTest(TestCase):
    def test_the_vectors_of_docs_webhooks_md(self):
        vectors = [
            ("whsec_test_secret", 1700000000, '{"id":"evt_1","type":"call.started"}',
             "95825cd7faa96631536843ac8cb4711ebaf2117976abe02b870c6424f05e3ef9"),
            ("s3cr3t", 1767225600, "{}", "ac216ca918aa0c12f3c499d0f5a587f209d512f993f82c6fd922a4b1016bd260"),
            ("another secret with spaces", 0, '{"sessionId":"café"}',
             "dfaac6ab2c92033eafb4588748d7975cac5cc8c6754a1ee1132f8228923ed215"),
        ]
        for secret, t, body, v1 in vectors:
            header = "t=%d,v1=%s" % (t, v1)
            self.assertTrue(verify(secret.encode(), header, body.encode(), now=t))
            self.assertFalse(verify(secret.encode(), header, body.encode() + b" ", now=t))
            self.assertFalse(verify(secret.encode(), header, body.encode(), now=t + 301), "too old")
        self.assertFalse(verify(b"s", "garbage", b"{}"))


class VerifyTest(TestCase):
    def test_a_token_names_its_user_and_anything_else_is_401(self):
        user = get_user_model().objects.create(username="alice")
        key = ApiToken.issue(user).key

        answer = self.client.get("/api/auth/verify/", HTTP_AUTHORIZATION="Token " + key)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["user_id"], str(user.pk))
        self.assertEqual(self.client.get("/api/auth/verify/", HTTP_AUTHORIZATION="Token nope").status_code, 401)
        self.assertEqual(self.client.get("/api/auth/verify/").status_code, 401)


@override_settings(SECUREVOX_WEBHOOK_SECRET=SECRET)
class WebhookTest(TestCase):
    def post(self, body, t=None, secret=SECRET):
        import hashlib
        import hmac

        t = int(time.time()) if t is None else t
        v1 = hmac.new(secret.encode(), b"%d." % t + body.encode(), hashlib.sha256).hexdigest()
        return self.client.post("/api/call-events/", body, content_type="application/json",
                                HTTP_X_SECUREVOX_SIGNATURE="t=%d,v1=%s" % (t, v1))

    def test_an_event_is_stored_once_however_often_it_comes(self):
        body = json.dumps({"id": "e1", "type": "call.started", "createdAt": "2026-01-01T00:00:00Z",
                           "sessionId": "s1", "sequence": 1, "data": {}})
        self.assertEqual(self.post(body).status_code, 204)
        self.assertEqual(self.post(body).status_code, 204)
        self.assertEqual(CallEvent.objects.count(), 1)
        self.assertEqual(CallEvent.objects.get().deliveries, 2)

    def test_a_bad_or_stale_signature_is_refused_and_nothing_stored(self):
        body = json.dumps({"id": "e1", "type": "call.started", "createdAt": "x", "sessionId": "s1", "sequence": 1})
        self.assertEqual(self.post(body, secret="another-secret").status_code, 401)
        self.assertEqual(self.post(body, t=int(time.time()) - 3600).status_code, 401)
        self.assertEqual(CallEvent.objects.count(), 0)
