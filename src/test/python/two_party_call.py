#!/usr/bin/python3
"""A two-party call through SecureVOX Call, driven by Debian's python3-socketio.

A third Socket.IO client, independent of the JavaScript ones: python-socketio 5 (Socket.IO 5 /
Engine.IO 4) with Debian's python3-websocket and python3-requests, nothing from PyPI. The server's
protocol is docs/protocol.md; every check below is something it promises.

Usage: two_party_call.py URL API_KEY TRANSPORT   (TRANSPORT: websocket or polling)

Mints a token for two users of one call over REST, connects both with auth={'token': ...}, joins
them, relays an offer, an answer and ICE candidates between them, and has one leave. Prints every
check; exits 0 only when all of them passed, 1 otherwise (and 2 on bad arguments).
"""

import os
import sys
import threading
import time
import uuid

import requests
import socketio

WAIT = 5.0  # seconds, for every answer and event
SDP_OFFER = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'
SDP_ANSWER = 'v=0\r\no=- 1234567890 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'
CANDIDATE = {
    'candidate': 'candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host',
    'sdpMid': '0',
    'sdpMLineIndex': 0,
    'usernameFragment': 'F7gI',
}

failures = []


def check(ok, what, detail=None):
    """Records one check; a failed one is kept with what was seen instead."""
    if ok:
        print(f'ok: {what}')
    else:
        message = what if detail is None else f'{what}: {detail!r}'
        print(f'FAILED: {message}')
        failures.append(message)
    return ok


class Peer:
    """One participant: a socketio.Client whose server events are all recorded, in order."""

    def __init__(self, name, url, token, transport):
        self.name = name
        self.events = []  # [event, args, consumed]
        self.cond = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on('*', self._record)
        self.sio.on('connect_error', lambda data=None: self._record('connect_error', data))
        self.sio.on('disconnect', lambda: self._record('disconnect'))
        self.sio.connect(url, auth={'token': token}, transports=[transport], wait_timeout=WAIT)

    def _record(self, event, *args):
        with self.cond:
            self.events.append([event, args, False])
            self.cond.notify_all()

    def wait_for(self, event, timeout=WAIT):
        """The first argument of the first unconsumed `event`; None after timeout seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for entry in self.events:
                    if not entry[2] and entry[0] == event:
                        entry[2] = True
                        return entry[1][0] if entry[1] else None
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [e[0] for e in self.events]
                    print(f'  ({self.name}: no {event} within {timeout} s; received {seen})')
                    return None
                self.cond.wait(left)

    def call(self, event, data):
        """Emits with an acknowledgement and returns the ack payload (None when none came)."""
        try:
            return self.sio.call(event, data, timeout=WAIT)
        except socketio.exceptions.TimeoutError:
            return None

    def close(self):
        try:
            self.sio.disconnect()
        except Exception:  # already gone: nothing to close
            pass


def mint(base, api_key, user_id, session_id):
    res = requests.post(
        f'{base}/api/call/token',
        json={'userId': user_id, 'sessionId': session_id},
        headers={'Authorization': f'Bearer {api_key}'},
        timeout=WAIT,
    )
    body = res.json() if res.headers.get('content-type', '').startswith('application/json') else res.text
    check(res.status_code == 200 and isinstance(body, dict) and body.get('token'), f'token minted for {user_id}', (res.status_code, body))
    return body.get('token') if isinstance(body, dict) else None


def ok_ack(ack, what):
    return check(isinstance(ack, dict) and ack.get('ok') is True, f'{what}: ack ok', ack)


def run(base, api_key, transport):
    session_id = f'py_{uuid.uuid4().hex[:12]}'
    alice_id, bob_id = f'alice_{uuid.uuid4().hex[:8]}', f'bob_{uuid.uuid4().hex[:8]}'
    tokens = {u: mint(base, api_key, u, session_id) for u in (alice_id, bob_id)}
    if not all(tokens.values()):
        return
    peers = []
    try:
        alice = Peer('alice', base, tokens[alice_id], transport)
        peers.append(alice)
        check(alice.sio.transport() == transport, f'alice connected over {transport}', alice.sio.transport())
        auth = alice.wait_for('authenticated')
        check(isinstance(auth, dict) and auth.get('userId') == alice_id and auth.get('sessionId') == session_id, 'alice authenticated', auth)

        ack = alice.call('join_call', {'sessionId': session_id, 'metadata': {'name': 'Alice'}})
        if ok_ack(ack, 'alice join_call'):
            check(ack.get('participants') == [], 'alice is alone in the call', ack.get('participants'))
        joined = alice.wait_for('call_joined')
        check(isinstance(joined, dict) and joined.get('self', {}).get('userId') == alice_id, 'alice call_joined', joined)

        bob = Peer('bob', base, tokens[bob_id], transport)
        peers.append(bob)
        check(bob.sio.transport() == transport, f'bob connected over {transport}', bob.sio.transport())
        auth = bob.wait_for('authenticated')
        check(isinstance(auth, dict) and auth.get('userId') == bob_id, 'bob authenticated', auth)
        ack = bob.call('join_call', {'sessionId': session_id})
        if ok_ack(ack, 'bob join_call'):
            others = [p.get('userId') for p in ack.get('participants', [])]
            check(others == [alice_id], 'bob sees alice in the call', others)
            check(ack['participants'][0].get('metadata') == {'name': 'Alice'}, "alice's metadata", ack['participants'][0])
        bob.wait_for('call_joined')

        event = alice.wait_for('participant_joined')
        check(isinstance(event, dict) and event.get('sessionId') == session_id
              and event.get('participant', {}).get('userId') == bob_id, 'alice gets participant_joined for bob', event)

        ok_ack(alice.call('offer', {'to': bob_id, 'sdp': {'type': 'offer', 'sdp': SDP_OFFER}}), 'offer')
        offer = bob.wait_for('offer')
        check(offer == {'sessionId': session_id, 'from': alice_id, 'sdp': {'type': 'offer', 'sdp': SDP_OFFER}}, 'bob gets the offer', offer)

        ok_ack(bob.call('answer', {'to': alice_id, 'sdp': {'type': 'answer', 'sdp': SDP_ANSWER}}), 'answer')
        answer = alice.wait_for('answer')
        check(answer == {'sessionId': session_id, 'from': bob_id, 'sdp': {'type': 'answer', 'sdp': SDP_ANSWER}}, 'alice gets the answer', answer)

        ok_ack(alice.call('ice_candidate', {'to': bob_id, 'candidate': CANDIDATE}), 'ice_candidate alice → bob')
        candidate = bob.wait_for('ice_candidate')
        check(candidate == {'sessionId': session_id, 'from': alice_id, 'candidate': CANDIDATE}, 'bob gets the candidate', candidate)
        ok_ack(bob.call('ice_candidate', {'to': alice_id, 'candidate': None}), 'end of candidates bob → alice')
        candidate = alice.wait_for('ice_candidate')
        check(candidate == {'sessionId': session_id, 'from': bob_id, 'candidate': None}, 'alice gets the end of candidates', candidate)

        ok_ack(bob.call('leave_call', {'sessionId': session_id}), 'bob leave_call')
        left = alice.wait_for('participant_left')
        check(left == {'sessionId': session_id, 'userId': bob_id, 'reason': 'left'}, 'alice gets participant_left for bob', left)
        ack = bob.call('offer', {'to': alice_id, 'sdp': {'type': 'offer', 'sdp': SDP_OFFER}})
        check(isinstance(ack, dict) and ack.get('ok') is False and ack.get('error', {}).get('code') == 'NOT_IN_CALL',
              'bob, out of the call, cannot relay (NOT_IN_CALL)', ack)
    except socketio.exceptions.ConnectionError as exc:
        check(False, 'connecting', str(exc))
    finally:
        for p in peers:
            p.close()


def main(argv):
    if len(argv) != 4 or argv[3] not in ('websocket', 'polling'):
        print(next(line for line in __doc__.splitlines() if line.startswith('Usage:')), file=sys.stderr)
        return 2
    base, api_key, transport = argv[1].rstrip('/'), argv[2], argv[3]
    print(f'python-socketio from {socketio.__file__}, requests {requests.__version__}, transport {transport}')
    try:
        run(base, api_key, transport)
    except Exception as exc:  # e.g. the server is unreachable: a failure like the others, with its cause
        check(False, 'unexpected error', exc)
    if failures:
        print(f'{len(failures)} check(s) failed:')
        for f in failures:
            print(f'  - {f}')
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    code = main(sys.argv)
    sys.stdout.flush()
    # The checks are done. The engine.io client's reader threads are not daemons: over polling one
    # may still sit in a long-poll GET the server holds until its next ping (netty-socketio does not
    # answer a waiting GET when the session closes), which would keep the process up to 25 s longer.
    os._exit(code)
