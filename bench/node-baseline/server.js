// The peer baseline of `swarmcast loadtest`: the common way to fan out with Node.js, a `ws` server
// that sends every connected client the same message each tick. The message is a real Swarmcast frame
// (captured from the server under test, so the bytes and size are the same); each tick it gets a new
// tick number and server timestamp (epoch microseconds at offset 12), like the real server's frames.
//
//   node server.js --port 8099 --frame frame.bin [--hz 60]
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const port = Number(args.port ?? 8099);
const hz = Number(args.hz ?? 60);
const template = readFileSync(args.frame);
const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
let tick = 0n;

setInterval(() => {
  tick += 1n;
  const msg = Buffer.from(template);
  msg.writeBigUInt64LE(tick, 4);
  const micros = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
  msg.writeBigInt64LE(micros, 12);
  for (const client of wss.clients) {
    if (client.readyState === 1) client.send(msg);
  }
}, 1000 / hz);

wss.on('listening', () => console.log(`listening on ${port}, ${template.length} bytes at ${hz} Hz`));
