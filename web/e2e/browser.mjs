// Browser tests of the viewer and control room, in Debian's Chromium (headless, WebGPU and WebGL on
// SwiftShader) against a real Swarmcast server with small particle counts. Every visual check is
// made on the canvas's pixels (screenshots), never on frame rates.
//
//   SWARMCAST_URL=http://127.0.0.1:8080 SWARMCAST_TOKEN=<operator token> node e2e/browser.mjs
//
// Exit status 0 when every check passed. The last line is `E2E-RESULT {json}` with the figures.
import { makeApi } from './api.mjs';
import { launch } from './chromium.mjs';
import { webBase } from './web-server.mjs';
import { decodePng, diff, measure } from './png.mjs';

const server = (process.env.SWARMCAST_URL ?? '').replace(/\/+$/, '');
const token = process.env.SWARMCAST_TOKEN ?? '';
const requireWebGPU = process.env.SWARMCAST_E2E_REQUIRE_WEBGPU !== '0';
const latencyInputs = Number(process.env.SWARMCAST_E2E_LATENCY_INPUTS ?? 40);
if (!server || !token) {
  console.error('usage: SWARMCAST_URL=http://host:port SWARMCAST_TOKEN=<operator token> node e2e/browser.mjs');
  process.exit(2);
}
const t0 = Date.now();
const run = Math.random().toString(36).slice(2, 7);
const results = [];
const figures = {};
const consoleErrors = [];
let failed = 0;

function log(...a) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
}

async function check(name, fn) {
  const s = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - s, detail });
    log(`PASS ${name}${detail ? ' — ' + detail : ''}`);
  } catch (e) {
    failed++;
    results.push({ name, ok: false, ms: Date.now() - s, error: String(e?.stack ?? e) });
    log(`FAIL ${name} — ${e?.message ?? e}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const api = makeApi(server, token);

const HIDE_OVERLAYS = '.hud, .messages, .replay-banner { visibility: hidden !important; }';

async function shot(page) {
  const style = await page.addStyleTag({ content: HIDE_OVERLAYS });
  const png = await page.locator('#view').screenshot({ type: 'png', animations: 'allow' });
  await style.evaluate((el) => el.remove());
  return decodePng(png);
}

async function openPage(context, url, phase) {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ phase: phase(), text: m.text() });
  });
  page.on('pageerror', (e) => consoleErrors.push({ phase: phase(), text: 'uncaught: ' + e.message }));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__swarmcast?.ready === true, null, { timeout: 30000 });
  return page;
}

async function waitFrames(page, n, timeout = 20000) {
  const start = await page.evaluate(() => window.__swarmcast.framesShown);
  await page.waitForFunction((s) => window.__swarmcast.framesShown >= s, start + n, { timeout });
}

const hud = (page, key) => page.locator(`[data-hud="${key}"]`).innerText();

function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

// a calm world for the force-field test: particles spread evenly, strong drag, no forces
const calmScene = {
  name: 'e2e-calm', particles: 3000, bounds: { min: [-50, -50, -50], max: [50, 50, 50] }, tickRate: 60, seed: 11,
  maxSpeed: 60, behaviours: [{ type: 'drag', coefficient: 1.5 }, { type: 'boundary', mode: 'bounce', restitution: 0.5 }],
};
const calm = `e2e-${run}-calm`;
const preset = `e2e-${run}-ui`;

const { context, close, version } = await launch();
const web = await webBase(server);
figures.chromium = version;
figures.web = web.how;
log(`Chromium ${version}; app at ${web.url} (${web.how}); server ${server}`);
let phase = 'load /';
try {
  // the demo must be running (a previous session may have paused it)
  const demo = await api('GET', '/api/campaigns/demo');
  if (demo.state === 'paused') await api('POST', '/api/campaigns/demo/resume');
  figures.demoWasPaused = demo.state === 'paused';
  figures.demoParticles = demo.particles;
  // ---- 1. '/' shows the public demo, anonymously ----
  const page = await openPage(context, web.url + '/', () => phase);
  await check('the page loads and streams the demo campaign anonymously', async () => {
    await waitFrames(page, 10);
    const s = await page.evaluate(() => ({ r: window.__swarmcast.renderer, d: window.__swarmcast.decoder, e: window.__swarmcast.errors }));
    figures.renderer = s.r;
    figures.decoder = s.d;
    assert(!requireWebGPU || s.r === 'WebGPU', `renderer is ${s.r}, expected WebGPU (SWARMCAST_E2E_REQUIRE_WEBGPU=0 allows the fallback)`);
    assert(s.e.length === 0, `the app reported errors: ${s.e.join('; ')}`);
    return `renderer ${s.r}, decoder ${s.d}`;
  });
  await check('no console errors while loading', async () => {
    await page.waitForTimeout(500);
    const errs = consoleErrors.filter((e) => e.phase === 'load /');
    assert(errs.length === 0, errs.map((e) => e.text).join(' | '));
  });
  phase = 'demo';
  await check('particles are visible (canvas pixels)', async () => {
    const m = measure(await shot(page));
    const shown = await page.evaluate(() => window.__swarmcast.app.viewer.layer?.count ?? 0);
    figures.demoLitPixels = m.lit;
    // a long-running demo may have gathered many particles into a few clumps: ask for a tenth
    assert(m.lit >= Math.max(100, Math.min(1000, shown / 10)), `only ${m.lit} lit pixels for ${shown} particles`);
    return `${m.lit} lit pixels for ${shown} particles (${(m.share * 100).toFixed(1)}% of the canvas), drawn as ${await page.evaluate(() => window.__swarmcast.draw)}`;
  });
  await check('particles move (two screenshots differ)', async () => {
    const a = await shot(page);
    await page.waitForTimeout(500);
    const b = await shot(page);
    const d = diff(a, b);
    assert(d > 100, `only ${d} pixels changed in 0.5 s`);
    return `${d} pixels changed in 0.5 s`;
  });
  await check('the HUD updates', async () => {
    const tick1 = Number(await hud(page, 'tick'));
    await page.waitForTimeout(1300);
    const tick2 = Number(await hud(page, 'tick'));
    const fps = Number(await hud(page, 'fps'));
    const latency = await hud(page, 'latency');
    const bw = await hud(page, 'bandwidth');
    const tier = await hud(page, 'tier');
    const backend = await hud(page, 'backend');
    assert(tick2 > tick1, `tick did not advance: ${tick1} then ${tick2}`);
    assert(fps > 0, `render fps ${fps}`);
    assert(/ms$/.test(latency), `frame latency '${latency}'`);
    assert(/bit\/s$/.test(bw) && !bw.startsWith('0.0 '), `bandwidth '${bw}'`);
    assert(/particles/.test(tier), `tier '${tier}'`);
    assert(backend && backend !== '–', `backend '${backend}'`);
    figures.demoFps = fps;
    return `tick ${tick1}→${tick2}, ${fps} fps, latency ${latency}, ${bw}, tier ${tier}, backend ${backend}`;
  });
  await check('an anonymous viewer is told in words that placing fields needs a player', async () => {
    await page.click('#tool-field');
    await page.waitForSelector('.msg.error', { timeout: 5000 });
    const text = await page.locator('.msg.error').last().innerText();
    assert(/player/.test(text), text);
    await page.click('#tool-orbit');
    return `"${text}"`;
  });

  // ---- 2. the control room ----
  phase = 'control room';
  await check('sign in with a token', async () => {
    await page.fill('#token', token);
    await page.click('#signin');
    await page.waitForFunction(() => /operator|admin/.test(document.getElementById('session').textContent), null, { timeout: 5000 });
    await page.waitForFunction(() => /may send inputs/.test(document.getElementById('role').textContent), null, { timeout: 10000 });
    return await page.locator('#session').innerText();
  });
  await check('server errors are shown in words', async () => {
    await page.fill('#create-id', 'Not A Valid Id');
    await page.evaluate(() => { document.getElementById('create-id').removeAttribute('pattern'); });
    const before = await page.locator('.msg.error').count();
    await page.click('#create');
    await page.waitForFunction((n) => document.querySelectorAll('.msg.error').length > n, before, { timeout: 5000 });
    const text = await page.locator('.msg.error').last().innerText();
    assert(/campaign ids are/.test(text), text);
    return `"${text}"`;
  });
  await check('create a campaign from a preset, and it streams', async () => {
    await page.fill('#create-id', preset);
    await page.selectOption('#create-preset', 'small');
    await page.fill('#create-particles', '2000');
    await page.click('#create');
    await page.waitForURL(`**/c/${preset}`, { timeout: 15000 });
    await waitFrames(page, 5);
    await page.waitForSelector(`#campaign-list [data-id="${preset}"]`, { timeout: 5000 });
    const st = await page.locator('#campaign-state').innerText();
    return `/c/${preset}, state ${st}`;
  });
  await check('a behaviour slider changes a parameter (PUT accepted)', async () => {
    const before = (await api('GET', `/api/campaigns/${preset}`)).inputsAccepted;
    const slider = page.locator('#sliders input[data-target="drag"]');
    await slider.evaluate((el) => { el.value = '0.9'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(100);
      if ((await api('GET', `/api/campaigns/${preset}`)).inputsAccepted > before) return 'drag.coefficient = 0.9 accepted';
    }
    throw new Error('the campaign did not accept the parameter change');
  });

  // ---- 3. force fields: a click attracts particles ----
  phase = 'fields';
  await api('POST', '/api/campaigns', { id: calm, scene: calmScene, public: false, start: true });
  // pinned at tier 0: on a busy machine the adaptive stream could step down and thin the picture
  await page.goto(`${web.url}/c/${calm}?mode=pinned&tier=0`);
  await page.waitForFunction(() => window.__swarmcast?.ready === true, null, { timeout: 30000 });
  await waitFrames(page, 30);
  await page.waitForTimeout(1500); // the initial slow drift dies down under drag
  await check('a click creates a force field that visibly pulls particles towards it', async () => {
    await page.click('#tool-field');
    await page.selectOption('#field-kind', 'attractor');
    await page.fill('#field-strength', '120');
    await page.fill('#field-radius', '45');
    const box = await page.locator('#view').boundingBox();
    const px = Math.round(box.width * 0.72), py = Math.round(box.height * 0.42);
    const r = Math.round(box.height * 0.09);
    const before = measure(await shot(page), px, py, r);
    // the calm world is spread evenly: most of its particles must show as separate pixels
    assert(before.lit >= calmScene.particles / 3, `the calm world shows only ${before.lit} lit pixels for ${calmScene.particles} particles`);
    await page.mouse.click(box.x + px, box.y + py);
    await page.waitForFunction(() => window.__swarmcast.fields.length === 1, null, { timeout: 5000 });
    await page.waitForTimeout(2500);
    const after = measure(await shot(page), px, py, r);
    const dist = (m) => Math.hypot(m.cx - px, m.cy - py);
    figures.field = { nearBefore: before.near, nearAfter: after.near, centroidDistBefore: +dist(before).toFixed(1), centroidDistAfter: +dist(after).toFixed(1) };
    assert(after.near > before.near * 1.5 + 30, `lit pixels within ${r}px of the click: ${before.near} before, ${after.near} after`);
    assert(dist(after) < dist(before) - 5, `the lit centroid did not move towards the click: ${dist(before).toFixed(0)}px then ${dist(after).toFixed(0)}px away`);
    return `lit pixels near the field ${before.near} → ${after.near}; centroid ${dist(before).toFixed(0)} → ${dist(after).toFixed(0)} px from it`;
  });
  await check('dragging the field moves it (moveField accepted)', async () => {
    const box = await page.locator('#view').boundingBox();
    const id = await page.evaluate(() => window.__swarmcast.fields[0]);
    const before = (await api('GET', `/api/campaigns/${calm}`)).inputsAccepted;
    const at = await page.evaluate((f) => window.__swarmcast.app.fieldOnScreen(f), id);
    const x = box.x + at.x, y = box.y + at.y;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x - i * box.width * 0.03, y + i * 2, { steps: 1 });
    await page.mouse.up();
    await page.waitForTimeout(600);
    const after = (await api('GET', `/api/campaigns/${calm}`)).inputsAccepted;
    assert(after > before, `no moveField accepted (${before} → ${after})`);
    await page.click('#tool-orbit');
    return `${after - before} moveField inputs for ${id}`;
  });

  // ---- 4. input-to-visible latency ----
  phase = 'latency';
  await check(`input-to-visible latency (${latencyInputs} inputs)`, async () => {
    const fps0 = await page.evaluate(() => window.__swarmcast.rendered);
    const t = Date.now();
    const lat = await page.evaluate(async (count) => {
      const app = window.__swarmcast.app;
      const start = app.inputLatency.values.length;
      const id = window.__swarmcast.fields[0];
      for (let i = 0; i < count; i++) {
        await app.sendInput({ type: 'moveField', id, position: [20 * Math.sin(i), 10 * Math.cos(i), 0] });
        await new Promise((r) => setTimeout(r, 60 + Math.random() * 60));
      }
      await new Promise((r) => setTimeout(r, 500));
      return app.inputLatency.values.slice(start);
    }, latencyInputs);
    const fps = (await page.evaluate(() => window.__swarmcast.rendered) - fps0) / ((Date.now() - t) / 1000);
    figures.latency = { samples: lat.length, p50: +quantile(lat, 0.5).toFixed(1), p95: +quantile(lat, 0.95).toFixed(1), max: +Math.max(...lat).toFixed(1), fps: +fps.toFixed(1), particles: calmScene.particles };
    assert(lat.length >= latencyInputs * 0.9, `only ${lat.length} of ${latencyInputs} inputs were seen on screen`);
    return `p50 ${figures.latency.p50} ms, p95 ${figures.latency.p95} ms, max ${figures.latency.max} ms at ${fps.toFixed(0)} fps (${calmScene.particles} particles)`;
  });

  // ---- 5. pause stops motion ----
  phase = 'pause';
  await check('pause stops motion; resume restarts it', async () => {
    const moving = diff(await shot(page), (await page.waitForTimeout(400), await shot(page)));
    await page.click('#btn-pause');
    await page.waitForFunction(() => document.getElementById('campaign-state').textContent === 'paused', null, { timeout: 5000 });
    await page.waitForTimeout(700);
    const a = await shot(page);
    await page.waitForTimeout(700);
    const b = await shot(page);
    const still = diff(a, b);
    await page.click('#btn-resume');
    await page.waitForFunction(() => document.getElementById('campaign-state').textContent === 'running', null, { timeout: 5000 });
    await waitFrames(page, 10);
    const again = diff(await shot(page), (await page.waitForTimeout(400), await shot(page)));
    figures.pause = { movingBefore: moving, pausedDiff: still, movingAfter: again };
    assert(still <= 10, `${still} pixels changed while paused`);
    assert(moving > 20 && again > 20, `not moving while running (${moving}, ${again} pixels changed)`);
    return `pixels changed in 0.4-0.7 s: running ${moving}, paused ${still}, resumed ${again}`;
  });

  // ---- 6. replay ----
  phase = 'replay';
  await check('the replay scrubber shows the state at tick N', async () => {
    const tick = (await api('GET', `/api/campaigns/${calm}`)).tick;
    const n = Math.max(1, Math.floor(tick / 2));
    await page.fill('#replay-tick', String(n));
    await page.click('#replay-show');
    await page.waitForFunction(() => !document.getElementById('replay-banner').classList.contains('hidden'), null, { timeout: 20000 });
    const banner = await page.locator('#replay-banner').innerText();
    assert(banner.includes(`tick ${n}`), banner);
    const expected = (await api('GET', `/api/campaigns/${calm}/replay?tick=${n}`)).checksum;
    assert(banner.includes(expected), `banner ${banner} lacks checksum ${expected}`);
    const m = measure(await shot(page));
    assert(m.lit > 500, `replay view: only ${m.lit} lit pixels`);
    await page.click('#replay-live');
    await waitFrames(page, 5);
    return `${banner}; ${m.lit} lit pixels`;
  });
  await page.close();

  // ---- 7. the SDK, embedded in another page ----
  phase = 'embed';
  await check('the client SDK drives another page (/embed.html, a 2D canvas)', async () => {
    const p3 = await context.newPage();
    await p3.goto(`${web.url}/embed.html`);
    await p3.waitForFunction(() => /tick \d+/.test(document.getElementById('info').textContent), null, { timeout: 15000 });
    await p3.waitForTimeout(500);
    const png = decodePng(await p3.locator('#view').screenshot({ type: 'png' }));
    const m = measure(png);
    const info = await p3.locator('#info').innerText();
    await p3.close();
    assert(m.lit > 50, `only ${m.lit} lit pixels`);
    return `${m.lit} lit pixels; "${info}"`;
  });
  await check('assets have content-hashed names (and immutable caching when the server serves them)', async () => {
    const html = await (await fetch(web.url + '/')).text();
    const assets = [...html.matchAll(/\/assets\/[^"']+/g)].map((m) => m[0]);
    assert(assets.length >= 2 && assets.every((a) => /-[A-Za-z0-9_-]{8}\.(js|css)$/.test(a)), `assets ${assets}`);
    if (web.url === server) {
      const r = await fetch(server + assets[0]);
      const cc = r.headers.get('cache-control');
      assert(/immutable/.test(cc ?? ''), `Cache-Control of ${assets[0]}: ${cc}`);
      const idx = (await fetch(server + '/')).headers.get('cache-control');
      assert(idx === 'no-cache', `Cache-Control of index.html: ${idx}`);
      return `${assets.join(', ')}; ${cc}; index.html ${idx}`;
    }
    return `${assets.join(', ')} (served by a preview here, so caching headers are not the server's)`;
  });

  // ---- 8. the WebGL2 fallback ----
  phase = 'load webgl';
  await check('the WebGL2 fallback renders (?renderer=webgl)', async () => {
    const p2 = await openPage(context, `${web.url}/?renderer=webgl`, () => phase);
    await waitFrames(p2, 10);
    const r = await p2.evaluate(() => window.__swarmcast.renderer);
    assert(r === 'WebGL2', `renderer ${r}`);
    const a = await shot(p2);
    await p2.waitForTimeout(500);
    const b = await shot(p2);
    const m = measure(a);
    const shown = await p2.evaluate(() => window.__swarmcast.app.viewer.layer?.count ?? 0);
    assert(m.lit >= Math.max(100, Math.min(1000, shown / 10)), `only ${m.lit} lit pixels for ${shown} particles`);
    assert(diff(a, b) > 100, 'no motion');
    const errs = consoleErrors.filter((e) => e.phase === 'load webgl');
    assert(errs.length === 0, errs.map((e) => e.text).join(' | '));
    figures.webglLitPixels = m.lit;
    await p2.close();
    return `${m.lit} lit pixels, ${diff(a, b)} changed in 0.5 s`;
  });
  await check('no console errors in the whole session (the refused create above excepted)', async () => {
    const errs = consoleErrors.filter((e) => !/status of 400/.test(e.text));
    assert(errs.length === 0, `${errs.length} console errors, first: [${errs[0]?.phase}] ${errs[0]?.text}`);
    return `${consoleErrors.length} expected (HTTP 400 of the refused create)`;
  });
} finally {
  for (const id of [calm, preset]) await api('POST', `/api/campaigns/${id}/stop`).catch(() => {});
  if (figures.demoWasPaused) await api('POST', '/api/campaigns/demo/pause').catch(() => {});
  await close();
  await web.close();
}
const unexpected = consoleErrors.filter((e) => !/status of 400/.test(e.text));
if (unexpected.length) log('console errors:', JSON.stringify(unexpected));
figures.consoleErrors = consoleErrors.length;
log(`${results.length - failed} of ${results.length} checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log('E2E-RESULT ' + JSON.stringify({ ok: failed === 0, failed, figures, results: results.map(({ name, ok, ms, detail, error }) => ({ name, ok, ms, detail, error })) }));
process.exit(failed ? 1 : 0);
