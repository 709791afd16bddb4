// Compiled by `npm run typecheck` only: the README's example must type-check against the .d.ts.
import { SecureVoxCall, type E2eeEvent, type E2eeFrameCounts, type Participant, type QualityReport } from '../securevox-call.js';

export async function example(token: string, video: HTMLVideoElement): Promise<void> {
  const localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const call = new SecureVoxCall({ url: 'https://call.example.com', token, localStream });
  call.on('track', ({ userId, stream, kind }) => {
    if (kind === 'camera') video.srcObject = stream;
    console.log(userId);
  });
  call.on('participantleft', ({ userId, reason }) => console.log(userId, reason));
  call.on('connectionstatechange', ({ state }) => console.log(state.toUpperCase()));
  const { participants }: { participants: Participant[] } = await call.join({ sessionId: 'call_1', metadata: { name: 'Ann' } });
  console.log(participants.map((p) => p.userId));
  await call.muteAudio(true);
  await call.startScreenShare();
  call.stopScreenShare();
  await call.leave();
}

export async function e2eeExample(token: string, key: Uint8Array, nextKey: ArrayBuffer): Promise<void> {
  const call = new SecureVoxCall({ token });
  call.on('e2ee', ({ userId, state, reason }: E2eeEvent) => console.log(userId, state === 'decrypt-failed' ? reason : 'ok'));
  await call.join({ sessionId: 'call_1', e2ee: { key, keyIndex: 0 } });
  const secure: boolean = call.e2ee;
  call.setE2eeKey(nextKey);
  call.setE2eeKey('a passphrase-sized key string', 7);
  const frames: E2eeFrameCounts | null = call.e2eeFrames;
  console.log(secure, frames?.decrypted);
  await call.leave();
}

export async function hostExample(token: string): Promise<void> {
  const call = new SecureVoxCall({ token });
  call.on('muteRequest', ({ kind, by }) => console.log(kind === 'audio' ? 'mic' : 'camera', by));
  call.on('removed', ({ by }) => console.log('removed by', by));
  call.on('callEnded', ({ by, reason }) => console.log(by, reason));
  call.on('data', ({ from, topic, payload }) => console.log(from, topic ?? '-', payload));
  call.on('qualityreport', (report: QualityReport) => {
    for (const c of report.connections) {
      console.log(c.peer ?? '-', c.candidateType, c.rttMs, c.tracks.map((t) => `${t.kind} ${t.direction} ${t.lossRatio ?? 0}`));
    }
  });
  new SecureVoxCall({ url: 'https://call.example.com', token, qualityReportInterval: 0 });
  await call.join({ sessionId: 'call_1' });
  const bob: Participant = await call.muteParticipant('bob', 'video');
  console.log(bob.videoMuted);
  await call.sendData({ text: 'hi' }, { topic: 'chat' });
  await call.sendData([1, 2], { to: 'bob' });
  await call.removeParticipant('bob');
  await call.endCall();
}
