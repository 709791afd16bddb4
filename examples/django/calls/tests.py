import json
import time

import socket

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from .models import ApiToken, Block, CallEvent
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


API_KEY = "example-api-key-0123456789abcdef"


@override_settings(SECUREVOX_CALL_API_KEY=API_KEY)
class CanCallTest(TestCase):
    def setUp(self):
        users = get_user_model().objects
        self.alice, self.bob = users.create(username="alice"), users.create(username="bob")
        self.gone = users.create(username="gone", is_active=False)

    def ask(self, body, authorization="Bearer " + API_KEY):
        headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
        return self.client.post("/api/calls/can-call/", body, content_type="application/json", **headers)

    def question(self, caller, callee):
        return json.dumps({"from": str(caller.pk), "to": str(callee.pk)})

    def test_the_callee_decides_whom_it_takes_calls_from(self):
        self.assertEqual(self.ask(self.question(self.alice, self.bob)).status_code, 200)
        self.assertEqual(self.ask(self.question(self.alice, self.bob), "bearer " + API_KEY).status_code, 200,
                         "the scheme is case-insensitive (RFC 9110)")
        call_command("block", "bob", "alice", stdout=open("/dev/null", "w"))
        self.assertTrue(Block.objects.filter(blocker=self.bob, blocked=self.alice).exists())
        self.assertEqual(self.ask(self.question(self.alice, self.bob)).status_code, 403)
        self.assertEqual(self.ask(self.question(self.bob, self.alice)).status_code, 200, "a block is one way")
        call_command("block", "bob", "alice", "--undo", stdout=open("/dev/null", "w"))
        self.assertEqual(self.ask(self.question(self.alice, self.bob)).status_code, 200)

    def test_who_is_not_an_active_user_here_neither_calls_nor_is_called(self):
        for caller, callee in [("alice", "999999"), ("999999", "alice"), ("alice", "gone"), ("gone", "alice"),
                               ("alice", "bob@example"), ("alice", "١")]:
            with self.subTest(caller=caller, callee=callee):
                ids = {u.username: str(u.pk) for u in (self.alice, self.bob, self.gone)}
                body = json.dumps({"from": ids.get(caller, caller), "to": ids.get(callee, callee)})
                self.assertEqual(self.ask(body).status_code, 403)

    def test_only_the_call_server_may_ask(self):
        body = self.question(self.alice, self.bob)
        for authorization in [None, "", "Bearer", "Bearer ", "Bearer wrong", "Token " + API_KEY,
                              "Bearer " + API_KEY + "x", "Bearer " + API_KEY[:-1]]:
            with self.subTest(authorization=authorization):
                answer = self.ask(body, authorization)
                self.assertEqual(answer.status_code, 401)
                self.assertIn("API key", answer.json()["detail"])
        self.assertEqual(self.client.get("/api/calls/can-call/", HTTP_AUTHORIZATION="Bearer " + API_KEY).status_code,
                         405)

    @override_settings(SECUREVOX_CALL_API_KEY="")
    def test_without_an_api_key_configured_nobody_is_the_call_server(self):
        self.assertEqual(self.ask(self.question(self.alice, self.bob), "Bearer ").status_code, 401)

    def test_a_bad_question_is_400_naming_what_is_wrong(self):
        table = [
            ("not json", 'body: not valid JSON (expected: {"from": "<user id>", "to": "<user id>"})'),
            ("", 'body: not valid JSON (expected: {"from": "<user id>", "to": "<user id>"})'),
            ('{"from": "1", "to": "2"} {}', 'body: not valid JSON (expected: {"from": "<user id>", "to": "<user id>"})'),
            ('["1", "2"]', "body: list (expected: a JSON object with from and to)"),
            ('{"to": "2"}', "from: missing (expected: a user id)"),
            ('{"from": "1"}', "to: missing (expected: a user id)"),
            ('{"from": 1, "to": "2"}', "from: 1 (expected: a user id, 1 to 128 characters)"),
            ('{"from": "1", "to": ""}', 'to: "" (expected: a user id, 1 to 128 characters)'),
            ('{"from": "1", "to": null}', "to: null (expected: a user id, 1 to 128 characters)"),
            ('{"from": "1", "to": "2", "via": "3"}', "via: unexpected (expected: only from and to)"),
            ('{"from": "1", "from": "3", "to": "2"}', "body: duplicate key 'from' (expected: each key once)"),
        ]
        for body, detail in table:
            with self.subTest(body=body):
                answer = self.ask(body)
                self.assertEqual(answer.status_code, 400)
                self.assertEqual(answer.json()["detail"], detail)


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@override_settings(SECUREVOX_CALL_API_KEY=API_KEY, SECUREVOX_CALL_URL="http://127.0.0.1:%d" % _closed_port())
class CallServerRoutesTest(TestCase):
    """The routes that talk to the call server: who may use them, and a call server that is down. What the call
    server answers when it is up is DjangoExampleIT's part (the real server beside this project)."""

    ROUTES = [("post", "/devices/"), ("get", "/devices/"), ("delete", "/devices/0b0e1f5a-4b8e-4c1e-9d3a-1f2e3d4c5b6a/"),
              ("post", "/devices/logout/"), ("post", "/users/token/"), ("post", "/calls/token/")]

    def setUp(self):
        self.alice = get_user_model().objects.create(username="alice")
        self.key = ApiToken.issue(self.alice).key

    def send(self, client, method, url, **headers):
        if method == "get":
            return client.get(url, **headers)
        body = json.dumps({"platform": "fcm", "token": "abc", "sessionId": "s1"})
        return getattr(client, method)(url, body, content_type="application/json", **headers)

    def test_nobody_logged_in_is_401_and_a_bad_token_too(self):
        for method, url in self.ROUTES:
            for headers in [{}, {"HTTP_AUTHORIZATION": "Token nope"}, {"HTTP_AUTHORIZATION": "Bearer " + API_KEY}]:
                with self.subTest(method=method, url=url, headers=headers):
                    self.assertEqual(self.send(self.client, method, url, **headers).status_code, 401)

    def test_a_session_must_pass_the_csrf_check_a_token_need_not(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.alice)
        for method, url in self.ROUTES:
            if method == "get":
                continue
            with self.subTest(method=method, url=url):
                refused = self.send(browser, method, url)
                self.assertEqual(refused.status_code, 403)
                self.assertIn("CSRF", refused.json()["detail"])
                # Past the check, the call server is down: 503, not a crash or a silent success.
                self.assertEqual(self.send(Client(enforce_csrf_checks=True), method, url,
                                           HTTP_AUTHORIZATION="Token " + self.key).status_code, 503)

    def test_a_call_server_that_is_down_is_503_and_logout_keeps_the_session(self):
        browser = Client()
        browser.force_login(self.alice)
        answer = browser.post("/devices/logout/")
        self.assertEqual(answer.status_code, 503)
        self.assertIn("unreachable", answer.json()["detail"])
        self.assertEqual(browser.get("/devices/").status_code, 503, "still logged in, so it can try again")

    def test_a_device_id_that_is_not_a_uuid_reaches_no_route(self):
        for url in ["/devices/x/", "/devices/..%2F..%2Ftoken/", "/devices/1/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.delete(url, HTTP_AUTHORIZATION="Token " + self.key).status_code, 404)
