// Types of the SecureVOX Call device connection (device.js). Checked by `npm run typecheck`.
import type { io as ioFunction, Socket } from 'socket.io-client';

export type InviteStateName =
  | 'calling' | 'ringing' | 'accepted' | 'declined' | 'busy' | 'missed' | 'unreachable' | 'cancelled' | 'forbidden';

export interface Invitee {
  userId: string;
  state: InviteStateName;
}

export interface IncomingCall {
  sessionId: string;
  /** A UUID, the same in a push about this ring (CallKit's call UUID). */
  ringId: string;
  from: { userId: string; metadata: Record<string, unknown> };
  media: 'audio' | 'video';
  invitees: string[];
  /** When the ring ends, Unix milliseconds. */
  expiresAt: number;
}

export interface InviteState {
  sessionId: string;
  userId: string;
  state: InviteStateName;
}

export interface IncomingCallEnded {
  sessionId: string;
  reason: 'answered_elsewhere' | 'declined_elsewhere' | 'cancelled' | 'missed';
}

/** What joining the call needs: `new SecureVoxCall({url, token}).join({sessionId})`. */
export interface JoinGrant {
  sessionId: string;
  ringId: string;
  role: 'participant' | 'host';
  /** A call token for this call. */
  token: string;
  /** Unix seconds. */
  tokenExpiresAt: number;
  iceServers: RTCIceServer[];
}

export interface Invited extends JoinGrant {
  invitees: Invitee[];
  /** When the ring ends, Unix milliseconds. */
  expiresAt: number;
}

export interface Accepted extends JoinGrant {
  state: 'accepted';
}

export interface Answered {
  sessionId: string;
  ringId: string;
  state: InviteStateName;
}

export interface DeviceEvents {
  authenticated: { userId: string; sessionId: null; role: null; expiresAt: number; scope: 'user' };
  incomingCall: IncomingCall;
  inviteState: InviteState;
  incomingCallEnded: IncomingCallEnded;
  error: { event: string; code: string; message: string };
}

export declare class DeviceError extends Error {
  readonly event: string;
  readonly code: string;
}

export interface DeviceOptions {
  url?: string;
  /** A user token (POST /api/user/token), or a function returning a fresh one. */
  token: string | (() => string | Promise<string>);
  socketOptions?: Record<string, unknown>;
  io?: typeof ioFunction;
}

export declare class SecureVoxDevice extends EventTarget {
  constructor(options: DeviceOptions);
  readonly socket: Socket;
  on<K extends keyof DeviceEvents>(type: K, listener: (detail: DeviceEvents[K]) => void): () => void;
  off<K extends keyof DeviceEvents>(type: K, listener: (detail: DeviceEvents[K]) => void): void;
  invite(
    to: string | string[],
    options?: { media?: 'audio' | 'video'; metadata?: Record<string, unknown>; sessionId?: string },
  ): Promise<Invited>;
  accept(sessionId: string): Promise<Accepted>;
  decline(sessionId: string, reason?: 'declined' | 'busy'): Promise<Answered>;
  cancel(sessionId: string): Promise<Answered>;
  registerDevice(device: {
    platform: 'fcm' | 'apns' | 'apns_voip';
    token: string;
    appId?: string;
    environment?: 'sandbox' | 'production';
  }): Promise<{ ok: true; deviceId: string }>;
  close(): void;
}
