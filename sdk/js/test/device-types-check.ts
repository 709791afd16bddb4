// Compiled by `npm run typecheck` only: the README's device example must type-check against device.d.ts.
import { SecureVoxCall } from '../securevox-call.js';
import { DeviceError, SecureVoxDevice, type IncomingCall } from '../device.js';

export async function ring(url: string, userToken: string, localStream: MediaStream): Promise<void> {
  const device = new SecureVoxDevice({ url, token: () => Promise.resolve(userToken) });
  const invited = await device.invite(['bob'], { media: 'video', metadata: { name: 'Alice' } });
  const off = device.on('inviteState', ({ userId, state }) => console.log(userId, state.toUpperCase()));
  await new SecureVoxCall({ url, token: invited.token, localStream }).join({ sessionId: invited.sessionId });
  off();
  device.on('incomingCall', async ({ sessionId, from, media }: IncomingCall) => {
    console.log(from.userId, media);
    try {
      const grant = await device.accept(sessionId);
      await new SecureVoxCall({ url, token: grant.token, localStream }).join({ sessionId });
    } catch (err) {
      if (err instanceof DeviceError) console.log(err.code);
    }
  });
  device.on('incomingCallEnded', ({ reason }) => console.log(reason));
  await device.decline('call_2', 'busy');
  await device.cancel(invited.sessionId);
  const { deviceId } = await device.registerDevice({ platform: 'apns_voip', token: 'ab12', environment: 'sandbox' });
  console.log(deviceId);
  device.close();
}
