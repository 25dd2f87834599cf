// Browser measurements for docs/web.md, in headless Chromium against a running server:
//  1. decoding a 500K-particle frame: WebAssembly SIMD, WebAssembly scalar and JS (median, p95)
//  2. render rate and input-to-visible latency for small campaigns: from an input's send time to the
//     first rendered frame whose tick reflects it (broken down into ACK, frame arrival, render)
//
//   SWARMCAST_URL=http://127.0.0.1:8080 SWARMCAST_TOKEN=<operator token> node e2e/bench.mjs
//   options (env): BENCH_SIZES=500,1000,3000  BENCH_INPUTS=100  BENCH_RENDERERS=webgpu,webgl  BENCH_PAUSE_DEMO=1
import { cpus, loadavg } from 'node:os';
import { makeApi } from './api.mjs';
import { launch, viewport } from './chromium.mjs';
import { webBase } from './web-server.mjs';

const server = (process.env.SWARMCAST_URL ?? '').replace(/\/+$/, '');
const token = process.env.SWARMCAST_TOKEN ?? '';
if (!server || !token) {
  console.error('usage: SWARMCAST_URL=http://host:port SWARMCAST_TOKEN=<operator token> node e2e/bench.mjs');
  process.exit(2);
}
const sizes = (process.env.BENCH_SIZES ?? '500,1000,3000').split(',').filter(Boolean).map(Number);
const inputs = Number(process.env.BENCH_INPUTS ?? 100);
const renderers = (process.env.BENCH_RENDERERS ?? 'webgpu,webgl').split(',');
const draw = process.env.BENCH_DRAW ?? 'auto';

const api = makeApi(server, token);

const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const r1 = (x) => Math.round(x * 10) / 10;
const r3 = (x) => Math.round(x * 1000) / 1000;

const { context, close, version } = await launch();
const web = await webBase(server);
const out = {
  chromium: version, web: web.how, date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length,
  viewport: viewport(), browserNice: Number(process.env.SWARMCAST_BROWSER_NICE ?? 0), loadBefore: loadavg()[0], decode: null, latency: [],
};
console.log(`Chromium ${version}, ${out.cores} x ${out.cpu}, viewport ${out.viewport.width}x${out.viewport.height}, browser nice ${out.browserNice}, load ${out.loadBefore.toFixed(2)}`);
let demoPaused = false;
try {
  const page = await context.newPage();
  await page.goto(web.url + '/');
  await page.waitForFunction(() => window.__swarmcast?.ready === true, null, { timeout: 30000 });

  // ---- 1. decode ----
  out.decode = await page.evaluate(async () => {
    const sdk = await import('/sdk/swarmcast.js');
    const n = 500_000;
    const msg = new Uint8Array(48 + 7 * n);
    const v = new DataView(msg.buffer);
    v.setUint8(0, 1); v.setUint8(1, 0x10); v.setUint8(2, 0); v.setUint8(3, 1);
    v.setBigUint64(4, 1000n, true); v.setBigInt64(12, BigInt(Date.now()) * 1000n, true); v.setUint32(20, n, true);
    for (let k = 0; k < 3; k++) { v.setFloat32(24 + 4 * k, -100, true); v.setFloat32(36 + 4 * k, 100, true); }
    let s = 7;
    for (let i = 48; i < 48 + 6 * n; i++) { s = (s * 1103515245 + 12345) >>> 0; msg[i] = s >>> 24; }
    for (let i = 48 + 6 * n; i < msg.length; i++) msg[i] = i % 5 === 0 ? 255 : i & 7;
    const median = (a) => { const x = [...a].sort((p, q) => p - q); return x[x.length >> 1]; };
    const p95 = (a) => { const x = [...a].sort((p, q) => p - q); return x[Math.floor(x.length * 0.95)]; };
    const time = (fn, reps = 5, samples = 60) => {
      for (let i = 0; i < 20; i++) fn();
      const t = [];
      for (let j = 0; j < samples; j++) {
        const a = performance.now();
        for (let i = 0; i < reps; i++) fn();
        t.push((performance.now() - a) / reps);
      }
      return { median: median(t), p95: p95(t) };
    };
    const res = { particles: n, frameBytes: msg.byteLength, crossOriginIsolated: self.crossOriginIsolated, simdSupported: sdk.simdSupported() };
    for (const kind of ['simd', 'scalar']) {
      const d = await sdk.WasmDecoder.create(kind);
      const h = d.place(msg);
      res[kind] = {
        decodeOnly: time(() => d.decodePlaced(n, h.min, h.max)),
        withCopyIn: time(() => d.decode(msg)),
      };
    }
    const js = new sdk.JsDecoder();
    res.js = { withCopyIn: time(() => js.decode(msg), 2, 40) };
    // the copy into WebAssembly memory alone
    const mem = new Uint8Array(new WebAssembly.Memory({ initial: 64 }).buffer);
    res.copyIn = time(() => mem.set(msg.subarray(48, 48 + 7 * n), 0));
    return res;
  });
  const d = out.decode;
  console.log(`decode 500K (ms, median/p95): simd ${r3(d.simd.decodeOnly.median)}/${r3(d.simd.decodeOnly.p95)} (with copy-in ${r3(d.simd.withCopyIn.median)}), `
    + `scalar ${r3(d.scalar.decodeOnly.median)} (with copy-in ${r3(d.scalar.withCopyIn.median)}), js ${r3(d.js.withCopyIn.median)}; copy-in alone ${r3(d.copyIn.median)}; isolated ${d.crossOriginIsolated}`);
  await page.close();

  // ---- 2. fps and input-to-visible latency ----
  if (process.env.BENCH_PAUSE_DEMO === '1') {
    const st = await api('GET', '/api/campaigns/demo').catch(() => null);
    if (st?.state === 'running') { await api('POST', '/api/campaigns/demo/pause'); demoPaused = true; }
  }
  const run = Math.random().toString(36).slice(2, 6);
  for (const n of sizes) {
    const id = `bench-${run}-${n}`;
    await api('POST', '/api/campaigns', {
      id, public: false, start: true,
      scene: { name: 'bench', particles: n, bounds: { min: [-50, -50, -50], max: [50, 50, 50] }, tickRate: 60, seed: 5, maxSpeed: 60,
        behaviours: [{ type: 'drag', coefficient: 0.8 }, { type: 'boundary', mode: 'bounce', restitution: 0.6 },
          { type: 'field', id: 'spin', kind: 'vortex', position: [0, 0, 0], strength: 20, radius: 80 }] },
    });
    for (const r of renderers) {
      const p = await context.newPage();
      await p.goto(`${web.url}/c/${id}?draw=${draw}${r === 'webgl' ? '&renderer=webgl' : ''}`);
      await p.evaluate((t) => localStorage.setItem('swarmcast.token', t), token);
      await p.reload();
      await p.waitForFunction(() => window.__swarmcast?.ready && window.__swarmcast.framesShown > 20, null, { timeout: 30000 });
      const info = await p.evaluate(() => ({ renderer: window.__swarmcast.renderer, gpu: window.__swarmcast.gpu, draw: window.__swarmcast.draw }));
      const f0 = await p.evaluate(() => [window.__swarmcast.rendered, window.__swarmcast.framesShown, performance.now()]);
      await p.waitForTimeout(3000);
      const f1 = await p.evaluate(() => [window.__swarmcast.rendered, window.__swarmcast.framesShown, performance.now()]);
      const secs = (f1[2] - f0[2]) / 1000;
      const detail = await p.evaluate(async (count) => {
        const app = window.__swarmcast.app;
        const id = 'probe' + Math.random().toString(36).slice(2, 6);
        await app.sendInput({ type: 'addField', field: { type: 'field', id, kind: 'attractor', position: [10, 0, 0], strength: 20, radius: 30 } });
        const start = window.__swarmcast.inputLatencyDetail.length;
        let errors = 0;
        for (let i = 0; i < count; i++) {
          await app.sendInput({ type: 'moveField', id, position: [20 * Math.sin(i), 10 * Math.cos(i), 0] }).catch(() => errors++);
          await new Promise((res) => setTimeout(res, 70 + Math.random() * 70));
        }
        if (errors) console.warn(`${errors} inputs were refused`);
        await new Promise((res) => setTimeout(res, 500));
        return window.__swarmcast.inputLatencyDetail.slice(start);
      }, inputs);
      const tot = detail.map((x) => x.rendered);
      const row = {
        particles: n, ...info, fps: r1((f1[0] - f0[0]) / secs), framesPerSecond: r1((f1[1] - f0[1]) / secs), samples: detail.length,
        p50: r1(q(tot, 0.5)), p95: r1(q(tot, 0.95)), max: r1(Math.max(...tot)),
        ackP50: r1(q(detail.map((x) => x.ack), 0.5)), arrivalP50: r1(q(detail.map((x) => x.arrival), 0.5)), arrivalP95: r1(q(detail.map((x) => x.arrival), 0.95)),
        renderWaitP50: r1(q(detail.map((x) => x.rendered - x.arrival), 0.5)), renderWaitP95: r1(q(detail.map((x) => x.rendered - x.arrival), 0.95)),
      };
      out.latency.push(row);
      console.log(`${n} particles, ${info.renderer}/${info.draw}: ${row.fps} fps; input-to-visible p50 ${row.p50} ms, p95 ${row.p95} ms, max ${row.max} ms `
        + `(frame arrival p50 ${row.arrivalP50}/p95 ${row.arrivalP95}, then render p50 ${row.renderWaitP50}/p95 ${row.renderWaitP95}; ACK p50 ${row.ackP50}); ${row.samples} inputs`);
      await p.close();
    }
    await api('POST', `/api/campaigns/${id}/stop`).catch(() => {});
  }
} finally {
  if (demoPaused) await api('POST', '/api/campaigns/demo/resume').catch(() => {});
  await close();
  await web.close();
}
out.loadAfter = loadavg()[0];
console.log(`load average ${out.loadBefore.toFixed(2)} before, ${out.loadAfter.toFixed(2)} after`);
console.log('BENCH-RESULT ' + JSON.stringify(out));
