// Types of the SecureVOX Call browser SDK (securevox-call.js). Checked by `npm run typecheck`.
import type { io as ioFunction } from 'socket.io-client';

/** A participant object, as the server sends it. */
export interface Participant {
  userId: string;
  role: 'participant' | 'host';
  audioMuted: boolean;
  videoMuted: boolean;
  /** Unix milliseconds. */
  joinedAt: number;
  metadata: Record<string, unknown> | null;
}

/** What a remote MediaStream carries, from the `streams` marker of the sender's descriptions. */
export type StreamKind = 'camera' | 'screen';

export interface CallError {
  event: string;
  code: string;
  message: string;
}

export interface CallEvents {
  joined: { self: Participant; participants: Participant[] };
  /** The socket dropped; the SDK reconnects and re-joins. Media keeps flowing meanwhile. */
  reconnecting: { reason: string };
  /** Back in the call after a drop; the others were told nothing. */
  reconnected: { self: Participant; participants: Participant[] };
  participantjoined: { participant: Participant };
  participantleft: { userId: string; reason: 'left' | 'disconnected' | 'replaced' | 'kicked' | string };
  participantupdated: { participant: Participant };
  track: { userId: string; track: MediaStreamTrack; stream: MediaStream; kind: StreamKind };
  /** A remote stream lost its last track (a screen share stopped). */
  streamremoved: { userId: string; stream: MediaStream; kind: StreamKind };
  connectionstatechange: { userId: string; state: RTCPeerConnectionState };
  peererror: { userId: string | null; error: unknown };
  /** The call's media moved to the SFU ('sfu') or to peer-to-peer connections ('mesh'). */
  mediaMode: MediaMode;
  /** Who speaks now, the most recent first (empty when nobody does). */
  activeSpeakers: string[];
  /** The call started or stopped being recorded (also on joining a recorded call). */
  recording: RecordingState;
  /** The server's SFU restarted: the SDK publishes and subscribes again (pictures pause a moment). */
  sfureset: { reason: string };
  /** One of this client's two connections with the SFU changed state. */
  sfustatechange: { link: 'publisher' | 'subscriber'; state: RTCPeerConnectionState };
  /**
   * End-to-end encryption: frames from `userId` started decrypting ('ok') or stopped
   * ('decrypt-failed': another key, a key index not held, a malformed frame; they are dropped).
   * Once per change per sender, not per frame.
   */
  e2ee: E2eeEvent;
  /** A host (or `by: 'api'`, the backend) asked this client to mute; the SDK has muted that track. */
  muteRequest: { kind: 'audio' | 'video'; by: string };
  /** A host removed this client from the call; `left` follows. */
  removed: { by: string };
  /** A host ended the call for everyone; `left` follows. */
  callEnded: { by: string; reason: 'ended_by_host' | string };
  /** An in-call message; `topic` is null when the sender gave none. */
  data: { from: string; topic: string | null; payload: unknown };
  /** The statistics just sent to the server as a `quality_report` (every `qualityReportInterval` ms). */
  qualityreport: QualityReport;
  error: CallError;
  left: { reason: 'left' | 'replaced' | 'kicked' | 'ended_by_host' | string };
}

/** A `quality_report` (docs/protocol.md, "Call quality reports"); a value the browser did not measure is absent. */
export interface QualityReport {
  connections: QualityConnection[];
}

export interface QualityConnection {
  /** The other end: a participant's userId, or 'sfu'. */
  peer?: string;
  candidateType?: 'host' | 'srflx' | 'prflx' | 'relay';
  protocol?: 'udp' | 'tcp' | 'tls';
  rttMs?: number;
  tracks: QualityTrack[];
}

export interface QualityTrack {
  kind: 'audio' | 'video';
  direction: 'inbound' | 'outbound';
  codec?: string;
  bitrateKbps?: number;
  packetsLost?: number;
  lossRatio?: number;
  jitterMs?: number;
  fps?: number;
  width?: number;
  height?: number;
  framesDropped?: number;
  freezes?: number;
  qualityLimitation?: 'none' | 'cpu' | 'bandwidth' | 'other';
}

export interface E2eeEvent {
  userId: string;
  state: 'ok' | 'decrypt-failed';
  reason?: 'authentication-failed' | 'unknown-key-index' | 'too-short';
}

/** Key material from the app: at least 16 bytes; a string counts as its UTF-8 bytes. */
export type E2eeKey = ArrayBuffer | ArrayBufferView | string;

export interface E2eeOptions {
  key: E2eeKey;
  /** 0–255, sent with every frame so receivers pick the right key (default 0). */
  keyIndex?: number;
}

/** Frames end-to-end encryption handled so far on this page. */
export interface E2eeFrameCounts {
  encrypted: number;
  decrypted: number;
  /** Not sent (no key) or not decodable (see the `e2ee` event). */
  dropped: number;
}

export interface RecordingState {
  recording: boolean;
  by: string | null;
  recordingId: string | null;
}

export type Unsubscribe = () => void;

/** How the call's media goes: peer to peer between every two participants, or through the server's SFU. */
export type MediaMode = 'mesh' | 'sfu';

/** How large a participant's video is shown, in CSS pixels (0×0: not shown). */
export interface View {
  userId: string;
  width: number;
  height: number;
}

declare class Emitter<Events> {
  on<K extends keyof Events>(type: K, listener: (detail: Events[K]) => void): Unsubscribe;
  off<K extends keyof Events>(type: K, listener: (detail: Events[K]) => void): void;
  emit<K extends keyof Events>(type: K, detail: Events[K]): void;
}

export interface SecureVoxCallOptions {
  /** The server, e.g. `https://call.example.com`; default: the page's origin. */
  url?: string;
  /** A call token, or a function returning a fresh one (called on every (re)connection). */
  token: string | (() => string | Promise<string>);
  /** Camera and microphone to send. */
  localStream?: MediaStream | null;
  /** Merged over `{iceServers}` from the server. */
  rtcConfig?: RTCConfiguration;
  /**
   * `relay`: media only through the TURN servers the server hands out in `iceServers` (hides the
   * participants' addresses from each other; needs TURN configured on the server). Default: `all`.
   */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Extra socket.io-client options (default transport: websocket). */
  socketOptions?: Record<string, unknown>;
  /** socket.io-client's `io`; tests inject a double. */
  io?: typeof ioFunction;
  PeerConnection?: new (config: RTCConfiguration) => RTCPeerConnection;
  /** Tell the server this client can use its SFU (default true); false keeps every call it is in a mesh. */
  sfu?: boolean;
  /** Publish three simulcast layers to the SFU when the camera is at least 360 pixels tall (default true). */
  simulcast?: boolean;
  /** Milliseconds between two `quality_report`s sent to the server during a call (default 5000); 0: none. */
  qualityReportInterval?: number;
}

export interface JoinOptions {
  sessionId: string;
  metadata?: Record<string, unknown> | null;
  audioMuted?: boolean;
  videoMuted?: boolean;
  /**
   * Encrypt every audio and video frame in this browser with a key derived from `key`; the server
   * is told only that the call is end-to-end encrypted, never the key.
   */
  e2ee?: E2eeOptions;
}

export declare class SecureVoxCall extends Emitter<CallEvents> {
  constructor(options: SecureVoxCallOptions);
  localStream: MediaStream | null;
  screenStream: MediaStream | null;
  self: Participant | null;
  /** The other participants, by userId. */
  participants: Map<string, Participant>;
  readonly socket: unknown;
  /** How the call's media goes now. */
  mediaMode: MediaMode;
  /** Who speaks now, the most recent first. */
  activeSpeakers: string[];
  /** Whether the call is recorded now, and who started it (a host's userId, 'api' or 'server'). */
  recording: RecordingState;
  /** Hosts only: starts recording the call; resolves with the recording's id. */
  startRecording(): Promise<string>;
  /** Hosts only: stops recording the call; resolves with the recording's id. */
  stopRecording(): Promise<string>;
  /** Hosts only: mutes another participant's track; resolves with it as it is now. Nobody unmutes others. */
  muteParticipant(userId: string, kind: 'audio' | 'video'): Promise<Participant>;
  /** Hosts only: removes a participant; its token cannot bring it back into this call. */
  removeParticipant(userId: string): Promise<void>;
  /** Hosts only: ends the call for everyone. */
  endCall(): Promise<void>;
  /** An in-call message (any JSON value, at most 16 KiB) to one participant or everyone else. */
  sendData(payload: unknown, options?: { to?: string; topic?: string }): Promise<void>;
  /** Says how large each participant is shown, so the SFU sends a layer that fits. */
  setViews(views: View[]): Promise<void>;
  /** Whether this call's media is end-to-end encrypted (joined with `e2ee`). */
  readonly e2ee: boolean;
  /** Frames encrypted, decrypted and dropped so far (at most half a second old); null without E2EE. */
  readonly e2eeFrames: E2eeFrameCounts | null;
  /**
   * Rotates the end-to-end encryption key: frames go out under `keyIndex` (default: current + 1,
   * mod 256) from now on; frames under the previous three indexes still decrypt.
   * Throws when the call was joined without `e2ee`.
   */
  setE2eeKey(key: E2eeKey, keyIndex?: number): void;
  peer(userId: string): Peer | undefined;
  /** The connections with the SFU while the call is on it (diagnostics and stats). */
  readonly sfuSession: { publisher: RTCPeerConnection | null; subscriber: RTCPeerConnection | null } | null;
  join(options: JoinOptions): Promise<{ self: Participant; participants: Participant[] }>;
  muteAudio(muted: boolean): Promise<Participant>;
  muteVideo(muted: boolean): Promise<Participant>;
  startScreenShare(stream?: MediaStream): Promise<MediaStream>;
  stopScreenShare(): void;
  getStats(userId: string): Promise<RTCStatsReport>;
  /** Debugging and tests: drops the socket (not the media) as a network failure would. */
  dropSocket(): void;
  leave(): Promise<void>;
}

export type SignalEvent = 'offer' | 'answer' | 'ice_candidate';

export interface PeerEvents {
  track: { track: MediaStreamTrack; stream: MediaStream; kind: StreamKind };
  streamremoved: { stream: MediaStream; kind: StreamKind };
  connectionstatechange: RTCPeerConnectionState;
  error: unknown;
}

export interface PeerOptions {
  remoteUserId: string;
  polite: boolean;
  signal: (event: SignalEvent, payload: Record<string, unknown>) => void;
  localStreams: () => Record<string, StreamKind>;
  rtcConfig?: RTCConfiguration;
  awaitOffer?: boolean;
  PeerConnection?: new (config: RTCConfiguration) => RTCPeerConnection;
}

/** One peer connection with perfect negotiation; used by SecureVoxCall, exported for tests. */
export declare class Peer extends Emitter<PeerEvents> {
  constructor(options: PeerOptions);
  readonly remoteUserId: string;
  readonly polite: boolean;
  readonly pc: RTCPeerConnection;
  readonly remoteStreamKinds: Map<string, StreamKind>;
  readonly connectionState: RTCPeerConnectionState;
  readonly pendingCandidateCount: number;
  addTrack(track: MediaStreamTrack, stream: MediaStream): RTCRtpSender;
  removeTrack(sender: RTCRtpSender): void;
  receiveDescription(description: RTCSessionDescriptionInit, streams?: Record<string, StreamKind>): Promise<void>;
  receiveCandidate(candidate: RTCIceCandidateInit | null): Promise<void>;
  restartIce(): void;
  close(): void;
}

/** Whether `selfUserId` is the polite side towards `remoteUserId` (the smaller userId is). */
export declare function isPolite(selfUserId: string, remoteUserId: string): boolean;
