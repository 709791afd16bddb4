// Compiled by `npm run typecheck` only: the README's example must type-check against the .d.ts.
import { SecureVoxCall, type Participant } from '../securevox-call.js';

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
