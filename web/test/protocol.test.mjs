// Message builders and parsers of the SDK against docs/protocol.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { subscribeMessage, inputMessage, reportMessage, wsBase, httpBase, MSG } = await import(join(here, '../target/classes/web/sdk/swarmcast.js'));

test('SUBSCRIBE is 4 bytes: version, type, mode, tier', () => {
  assert.deepEqual(Array.from(subscribeMessage('adaptive', 3)), [1, 0x81, 0, 3]);
  assert.deepEqual(Array.from(subscribeMessage('pinned', 0)), [1, 0x81, 1, 0]);
});

test('INPUT: version, type, u32 request id, i64 tick, JSON', () => {
  const m = inputMessage(0xdeadbeef, -1, { type: 'moveField', id: 'f1', position: [1, 2, 3] });
  const v = new DataView(m.buffer);
  assert.equal(v.getUint8(0), 1);
  assert.equal(v.getUint8(1), MSG.INPUT);
  assert.equal(v.getUint32(2, true), 0xdeadbeef);
  assert.equal(v.getBigInt64(6, true), -1n);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(m.subarray(14))), { type: 'moveField', id: 'f1', position: [1, 2, 3] });
});

test('server URLs: http(s) and ws(s) bases', () => {
  assert.equal(wsBase('http://127.0.0.1:8080/'), 'ws://127.0.0.1:8080');
  assert.equal(wsBase('https://x.example'), 'wss://x.example');
  assert.equal(httpBase('ws://h:1'), 'http://h:1');
  assert.equal(httpBase('wss://h'), 'https://h');
});

test('REPORT is 10 bytes: version, type, u64 newest tick received', () => {
  const m = reportMessage(2 ** 40 + 3);
  assert.equal(m.length, 10);
  const v = new DataView(m.buffer);
  assert.equal(v.getUint8(0), 1);
  assert.equal(v.getUint8(1), 0x83);
  assert.equal(v.getBigUint64(2, true), 2n ** 40n + 3n);
});
