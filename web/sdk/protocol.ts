// Swarmcast WebSocket protocol, version 1 (docs/protocol.md): constants, message parsing and builders.
// Every message is binary, little-endian, and starts with u8 version, u8 type.

export const VERSION = 1;
export const MSG = {
  HELLO: 0x01,
  STATUS: 0x02,
  FRAME: 0x10,
  TIER: 0x11,
  ACK: 0x20,
  ERROR: 0x7f,
  SUBSCRIBE: 0x81,
  INPUT: 0x82,
  REPORT: 0x83,
} as const;
export const CODEC_Q16 = 1;
export const FRAME_HEADER_BYTES = 48;
export const DEAD = 255;

export type Mode = 'adaptive' | 'pinned';

/** The 48-byte header of a FRAME message. */
export interface FrameHeader {
  tier: number;
  codec: number;
  /** Simulation tick (u64 on the wire; exact as a number below 2^53). */
  tick: number;
  /** When the tick's state was captured on the server, microseconds since the Unix epoch. */
  serverMicros: number;
  count: number;
  min: [number, number, number];
  max: [number, number, number];
}

export interface Hello {
  protocol: number;
  server: string;
  campaign: string;
  state: string;
  particles: number;
  backend: string;
  device?: string;
  tiers: { tier: number; name: string; divisor: number; particles: number }[];
  startTier: number;
  codecs: { id: number; name: string }[];
  frameHeaderBytes: number;
  role: string;
  canInput: boolean;
  maxMessageBytes: number;
  [k: string]: unknown;
}

export interface Status {
  campaign: string;
  state: string;
  tick: number;
  checksum: string;
  particles: number;
  backend: string;
  viewers?: number;
  [k: string]: unknown;
}

export interface Ack {
  requestId: number;
  tick: number;
  seq: number;
}

/** An error from the server (protocol ERROR, or an API error body), or from the connection itself. */
export interface ServerError {
  code: string;
  message: string;
  field?: string | null;
  /** The INPUT it answers; 0 if none. */
  requestId?: number;
  /** HTTP status, when it came from the REST API. */
  status?: number;
}

const utf8 = new TextDecoder();
const utf8enc = new TextEncoder();

export function readHeader(bytes: Uint8Array): FrameHeader {
  if (bytes.byteLength < FRAME_HEADER_BYTES) {
    throw new Error(`a FRAME is at least ${FRAME_HEADER_BYTES} bytes, got ${bytes.byteLength}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, FRAME_HEADER_BYTES);
  if (v.getUint8(0) !== VERSION || v.getUint8(1) !== MSG.FRAME) {
    throw new Error(`not a FRAME message (version ${v.getUint8(0)}, type 0x${v.getUint8(1).toString(16)})`);
  }
  const count = v.getUint32(20, true);
  return {
    tier: v.getUint8(2),
    codec: v.getUint8(3),
    tick: Number(v.getBigUint64(4, true)),
    serverMicros: Number(v.getBigInt64(12, true)),
    count,
    min: [v.getFloat32(24, true), v.getFloat32(28, true), v.getFloat32(32, true)],
    max: [v.getFloat32(36, true), v.getFloat32(40, true), v.getFloat32(44, true)],
  };
}

export function json<T>(bytes: Uint8Array, from: number): T {
  return JSON.parse(utf8.decode(bytes.subarray(from))) as T;
}

export function readAck(bytes: Uint8Array): Ack {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { requestId: v.getUint32(2, true), tick: Number(v.getBigInt64(6, true)), seq: Number(v.getBigInt64(14, true)) };
}

export function readError(bytes: Uint8Array): ServerError {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const requestId = bytes.byteLength >= 6 ? v.getUint32(2, true) : 0;
  let body: Partial<ServerError> = {};
  try {
    body = json<ServerError>(bytes, 6);
  } catch {
    body = { code: 'malformed', message: 'the server sent an unreadable error' };
  }
  return { code: body.code ?? 'error', message: body.message ?? '', field: body.field ?? null, requestId };
}

export function subscribeMessage(mode: Mode, tier: number): Uint8Array {
  return new Uint8Array([VERSION, MSG.SUBSCRIBE, mode === 'pinned' ? 1 : 0, tier]);
}

export function inputMessage(requestId: number, tick: number, input: unknown): Uint8Array {
  const body = utf8enc.encode(JSON.stringify(input));
  const out = new Uint8Array(14 + body.byteLength);
  const v = new DataView(out.buffer);
  v.setUint8(0, VERSION);
  v.setUint8(1, MSG.INPUT);
  v.setUint32(2, requestId >>> 0, true);
  v.setBigInt64(6, BigInt(tick), true);
  out.set(body, 14);
  return out;
}

/** REPORT: the newest tick the client has received (optional; lets the server see lag hidden in buffers). */
export function reportMessage(tick: number): Uint8Array {
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  v.setUint8(0, VERSION);
  v.setUint8(1, MSG.REPORT);
  v.setBigUint64(2, BigInt(tick), true);
  return out;
}
