// Golden vectors (written by the Java encoder, http-edge GoldenVectorsTest) decoded by every decoder
// of the SDK: WebAssembly SIMD, WebAssembly scalar and JS must give the committed float32 values, bit
// for bit. Run by `npm test` (and so by the Maven build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sdk = await import(join(here, '../target/classes/web/sdk/swarmcast.js'));
const { WasmDecoder, JsDecoder, createDecoder, simdSupported, readHeader } = sdk;

const vectorDir = join(here, 'vectors');
const names = readdirSync(vectorDir).filter((f) => f.endsWith('.bin')).map((f) => f.slice(0, -4)).sort();

test('there are golden vectors', () => {
  assert.ok(names.length >= 4, `expected at least 4 vectors in ${vectorDir}, found ${names}`);
});

function load(name) {
  const bin = readFileSync(join(vectorDir, name + '.bin'));
  // a fresh, exactly sized ArrayBuffer, as a WebSocket delivers it
  const message = new Uint8Array(bin.byteLength);
  message.set(bin);
  const expected = JSON.parse(readFileSync(join(vectorDir, name + '.json'), 'utf8'));
  return { message, expected };
}

const decoders = [
  ['simd', () => WasmDecoder.create('simd')],
  ['scalar', () => WasmDecoder.create('scalar')],
  ['js', async () => new JsDecoder()],
];

test('this Node runs WebAssembly SIMD (else the SIMD decoder is untested here)', () => {
  assert.equal(simdSupported(), true);
});

for (const [kind, make] of decoders) {
  for (const name of names) {
    test(`${kind} decoder: ${name}`, async () => {
      const dec = await make();
      assert.equal(dec.kind, kind);
      const { message, expected } = load(name);
      const f = dec.decode(message);
      assert.equal(f.count, expected.count);
      assert.equal(f.tier, expected.tier);
      assert.equal(f.codec, expected.codec);
      assert.equal(String(f.tick), expected.tick);
      assert.equal(String(f.serverMicros), expected.serverMicros);
      assert.deepEqual(f.min, expected.min.map(Math.fround));
      assert.deepEqual(f.max, expected.max.map(Math.fround));
      assert.equal(f.positions.length, 4 * expected.count);
      const bits = new Uint32Array(f.positions.buffer, f.positions.byteOffset, f.positions.length);
      for (let i = 0; i < bits.length; i++) {
        if (bits[i] !== expected.bits[i]) {
          assert.fail(`${name}: float ${i} (particle ${i >> 2}, ${'xyzw'[i & 3]}) is ${f.positions[i]} `
            + `(0x${bits[i].toString(16)}), expected ${expected.values[i]} (0x${expected.bits[i].toString(16)})`);
        }
      }
    });
  }
}

test('decoders alternate two output slots: a frame stays valid while the next is decoded', async () => {
  for (const [, make] of decoders) {
    const dec = await make();
    const a = load('odd-bounds');
    const b = load('edge-values');
    const fa = dec.decode(a.message);
    const copy = Float32Array.from(fa.positions);
    dec.decode(b.message);
    assert.deepEqual(Array.from(fa.positions), Array.from(copy));
  }
});

test('the WebAssembly decoder grows its memory for large frames and stays exact', async () => {
  // a synthetic 300K-particle frame: the decoders must agree with the JS one
  const n = 300_001;
  const msg = new Uint8Array(48 + 7 * n);
  const v = new DataView(msg.buffer);
  v.setUint8(0, 1); v.setUint8(1, 0x10); v.setUint8(2, 0); v.setUint8(3, 1);
  v.setBigUint64(4, 77n, true); v.setBigInt64(12, 1n, true); v.setUint32(20, n, true);
  [-100, -50, -25].forEach((x, k) => v.setFloat32(24 + 4 * k, x, true));
  [100, 150, 25].forEach((x, k) => v.setFloat32(36 + 4 * k, x, true));
  let s = 12345;
  for (let i = 48; i < msg.length; i++) { s = (s * 1103515245 + 12345) >>> 0; msg[i] = s >>> 24; }
  const ref = new JsDecoder().decode(msg).positions;
  for (const kind of ['simd', 'scalar']) {
    const dec = await WasmDecoder.create(kind);
    dec.decode(load('edge-values').message);
    const got = dec.decode(msg).positions;
    assert.equal(got.length, ref.length);
    assert.ok(got.every((x, i) => Object.is(x, ref[i])), `${kind} differs from js on a large frame`);
  }
});

test('errors in words: truncated frames and unknown codecs are refused', async () => {
  const dec = await createDecoder('auto');
  const { message } = load('odd-bounds');
  assert.throws(() => dec.decode(message.subarray(0, message.length - 1)), /truncated FRAME/);
  const bad = message.slice();
  bad[3] = 9;
  assert.throws(() => dec.decode(bad), /unsupported codec 9/);
  assert.throws(() => readHeader(message.subarray(0, 10)), /at least 48 bytes/);
});
