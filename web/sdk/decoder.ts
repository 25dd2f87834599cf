// Frame decoding: a FRAME message (48-byte header + q16 planar payload) into the GPU-ready layout,
// vec4<f32> per particle (x, y, z, attribute), world units. Three implementations give identical
// results: WebAssembly with SIMD, WebAssembly without, and plain JS (see assembly/decode.ts for the
// arithmetic). Codec 1 (q16) has no deltas: every frame is a key frame, so decoding is stateless.
import { DECODE_SCALAR_WASM, DECODE_SIMD_WASM } from '../generated/wasm';
import { CODEC_Q16, FRAME_HEADER_BYTES, readHeader, type FrameHeader } from './protocol';

export type DecoderKind = 'simd' | 'scalar' | 'js';

export interface DecodedFrame extends FrameHeader {
  /**
   * 4·count floats: x, y, z, attribute (255 = dead, do not draw). For the WebAssembly decoders this
   * is a view on the module's memory: no copy is made, and it stays valid until the decoder has
   * decoded two more frames (two output slots are used in turn). Copy it to keep it longer.
   */
  positions: Float32Array;
  /** Which decoder produced it. */
  decoder: DecoderKind;
  /** Time spent decoding, ms (copy into WebAssembly memory included). */
  decodeMs: number;
  /** Size of the message, bytes. */
  byteLength: number;
}

export interface FrameDecoder {
  readonly kind: DecoderKind;
  /** Decodes one whole FRAME message (header included). */
  decode(message: Uint8Array): DecodedFrame;
}

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const simdBytes = fromBase64(DECODE_SIMD_WASM);
const scalarBytes = fromBase64(DECODE_SCALAR_WASM);

/** Whether this engine runs WebAssembly SIMD (checked by validating the SIMD module). */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(simdBytes);
  } catch {
    return false;
  }
}

/** The f32 step between two quantization levels, exactly as every decoder computes it. */
export function q16Scale(min: number, max: number): number {
  return Math.fround((max - min) / 65535);
}

function checkPayload(message: Uint8Array, h: FrameHeader): void {
  if (h.codec !== CODEC_Q16) {
    throw new Error(`unsupported codec ${h.codec}; this client decodes codec ${CODEC_Q16} (q16)`);
  }
  const need = FRAME_HEADER_BYTES + 7 * h.count;
  if (message.byteLength < need) {
    throw new Error(`truncated FRAME: ${h.count} particles need ${need} bytes, got ${message.byteLength}`);
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The plain JavaScript decoder: the fallback where WebAssembly is unavailable. */
export class JsDecoder implements FrameDecoder {
  readonly kind = 'js' as const;
  private slots: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
  private slot = 0;

  decode(message: Uint8Array): DecodedFrame {
    const t0 = now();
    const h = readHeader(message);
    checkPayload(message, h);
    const n = h.count;
    if (this.slots[this.slot].length < 4 * n) {
      this.slots[this.slot] = new Float32Array(4 * Math.ceil(n * 1.25));
    }
    const out = this.slots[this.slot].subarray(0, 4 * n);
    this.slot ^= 1;
    decodeJs(message, n, out, h);
    return { ...h, positions: out, decoder: 'js', decodeMs: now() - t0, byteLength: message.byteLength };
  }
}

/** Decodes the payload of `message` (n particles) into `out` (4·n floats). */
export function decodeJs(message: Uint8Array, n: number, out: Float32Array, h: FrameHeader): void {
  const base = message.byteOffset + FRAME_HEADER_BYTES;
  let q: Uint16Array;
  if ((base & 1) === 0) {
    q = new Uint16Array(message.buffer, base, 3 * n);
  } else {
    q = new Uint16Array(3 * n);
    new Uint8Array(q.buffer).set(message.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + 6 * n));
  }
  const attr = message.subarray(FRAME_HEADER_BYTES + 6 * n, FRAME_HEADER_BYTES + 7 * n);
  const [mx, my, mz] = h.min;
  const sx = q16Scale(h.min[0], h.max[0]);
  const sy = q16Scale(h.min[1], h.max[1]);
  const sz = q16Scale(h.min[2], h.max[2]);
  const fr = Math.fround;
  // The f64 sum of two f32 values is exact here, so storing it rounds once, like an f32 add.
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    out[o] = mx + fr(q[i] * sx);
    out[o + 1] = my + fr(q[n + i] * sy);
    out[o + 2] = mz + fr(q[2 * n + i] * sz);
    out[o + 3] = attr[i];
  }
}

interface DecodeExports {
  memory: WebAssembly.Memory;
  decode(src: number, n: number, dst: number, minX: number, minY: number, minZ: number,
         sx: number, sy: number, sz: number): void;
  countLive(src: number, n: number): number;
}

const PAGE = 65536;
const BASE = PAGE; // below 64 KiB: the module's own stack and globals

/**
 * The WebAssembly decoder. Memory layout: [64 KiB reserved][input: 7·cap bytes][out 0: 16·cap][out 1].
 * The message payload is copied once into the input region (the only copy); decode() writes straight
 * into an output slot, which the viewer hands to the GPU as is.
 */
export class WasmDecoder implements FrameDecoder {
  private cap = 0;
  private inPtr = BASE;
  private outPtr = [0, 0];
  private slot = 0;
  private heap: Uint8Array;

  private constructor(readonly kind: 'simd' | 'scalar', private readonly x: DecodeExports) {
    this.heap = new Uint8Array(x.memory.buffer);
  }

  static async create(kind: 'simd' | 'scalar'): Promise<WasmDecoder> {
    const bytes = kind === 'simd' ? simdBytes : scalarBytes;
    const { instance } = await WebAssembly.instantiate(bytes, {});
    return new WasmDecoder(kind, instance.exports as unknown as DecodeExports);
  }

  /** Makes room for n particles. */
  reserve(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.ceil(n * 1.25 / 8) * 8;
    const inBytes = Math.ceil(7 * cap / 16) * 16;
    const need = BASE + inBytes + 2 * 16 * cap;
    const have = this.x.memory.buffer.byteLength;
    if (need > have) this.x.memory.grow(Math.ceil((need - have) / PAGE));
    this.cap = cap;
    this.inPtr = BASE;
    this.outPtr = [BASE + inBytes, BASE + inBytes + 16 * cap];
    this.heap = new Uint8Array(this.x.memory.buffer);
  }

  decode(message: Uint8Array): DecodedFrame {
    const t0 = now();
    const h = readHeader(message);
    checkPayload(message, h);
    const n = h.count;
    this.reserve(n);
    this.heap.set(message.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + 7 * n), this.inPtr);
    const positions = this.decodePlaced(n, h.min, h.max);
    return { ...h, positions, decoder: this.kind, decodeMs: now() - t0, byteLength: message.byteLength };
  }

  /** Places a payload in the input region (for benchmarks that time decoding alone). */
  place(message: Uint8Array): FrameHeader {
    const h = readHeader(message);
    checkPayload(message, h);
    this.reserve(h.count);
    this.heap.set(message.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + 7 * h.count), this.inPtr);
    return h;
  }

  /** Decodes the n particles already in the input region into the next output slot. */
  decodePlaced(n: number, min: readonly number[], max: readonly number[]): Float32Array {
    const dst = this.outPtr[this.slot];
    this.slot ^= 1;
    this.x.decode(this.inPtr, n, dst, min[0], min[1], min[2],
      q16Scale(min[0], max[0]), q16Scale(min[1], max[1]), q16Scale(min[2], max[2]));
    return new Float32Array(this.x.memory.buffer, dst, 4 * n);
  }

  /** Live particles (attribute != 255) of the payload last placed. */
  countLive(n: number): number {
    return this.x.countLive(this.inPtr, n);
  }
}

/**
 * The best decoder this engine runs: WebAssembly SIMD, else scalar WebAssembly, else JS. `kind`
 * forces one (an unavailable WebAssembly kind falls back to the next).
 */
export async function createDecoder(kind: 'auto' | DecoderKind = 'auto'): Promise<FrameDecoder> {
  if (kind === 'js' || typeof WebAssembly !== 'object') return new JsDecoder();
  if ((kind === 'auto' || kind === 'simd') && simdSupported()) {
    try {
      return await WasmDecoder.create('simd');
    } catch { /* fall through */ }
  }
  try {
    return await WasmDecoder.create('scalar');
  } catch {
    return new JsDecoder();
  }
}
