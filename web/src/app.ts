// The viewer and control room: live view of a campaign (the public 'demo' at '/', any campaign at
// '/c/{id}'), HUD, sign-in with a token, campaign list and lifecycle, creation from presets, live
// parameter sliders, force fields placed and dragged in the view, and a replay scrubber.
//
// URL options: ?renderer=webgl (force three's WebGL2 fallback), ?decoder=simd|scalar|js, ?tier=N,
// ?embed=1 (no control room, for iframes), ?mode=pinned, ?pointSize=N, ?draw=sprites|points (default: points on a software renderer), ?interpolate=0.
import * as THREE from 'three/webgpu';
import {
  Api, ApiError, connect, createDecoder,
  type CampaignStatus, type Connection, type Frame, type FrameDecoder, type Preset, type ServerError,
} from '../sdk';
import { h } from './dom';
import { Hud } from './hud';
import { paramValue, slidersFor, type SliderSpec } from './scenes';
import { Viewer, type FieldMarker, type RenderInfo } from './viewer';

const TOKEN_KEY = 'swarmcast.token';

interface Claims {
  sub?: string;
  role?: string;
  tenant?: string;
  exp?: number;
}

function claims(token: string | null): Claims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'))) as Claims;
  } catch {
    return null;
  }
}

function describe(e: unknown): string {
  if (e instanceof ApiError) return e.describe();
  const s = e as ServerError;
  if (s && typeof s === 'object' && 'code' in s && 'message' in s) {
    const words: Record<string, string> = {
      forbidden: 'Not allowed', 'rate-limited': 'Too many inputs; slow down', invalid: 'Refused',
      'illegal-state': 'Not possible now', 'unknown-campaign': 'No such campaign', 'past-tick': 'Too late',
      unavailable: 'Unavailable', 'not-connected': 'Not connected', closed: 'Connection closed',
      unreachable: 'Server unreachable', malformed: 'Malformed', decode: 'Could not decode a frame',
    };
    const head = words[s.code] ?? (s.status === 401 ? 'Not signed in, or the token is not valid' : s.status === 404 ? 'Not found' : 'Error');
    return `${head}: ${s.message}${s.field ? ` (${s.field})` : ''}`;
  }
  return String((e as Error)?.message ?? e);
}

/** Latency samples, ms. */
class Samples {
  readonly values: number[] = [];
  add(v: number): void {
    this.values.push(v);
    if (this.values.length > 5000) this.values.shift();
  }
  quantile(q: number): number | null {
    if (!this.values.length) return null;
    const s = [...this.values].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))];
  }
}

interface DebugHooks {
  ready: boolean;
  app: App;
  renderer: string;
  gpu: string;
  draw: string;
  decoder: string;
  rendered: number;
  framesShown: number;
  lastTick: number | null;
  state: string;
  errors: string[];
  inputLatencies: number[];
  /** Per input: ms from send to ACK, to the arrival of the first frame reflecting it, to its first render. */
  inputLatencyDetail: { ack: number; arrival: number; rendered: number }[];
  frameLatencies: number[];
  decodeMs: number[];
  fields: string[];
}

declare global {
  interface Window {
    __swarmcast: DebugHooks;
  }
}

export class App {
  readonly api = new Api('');
  viewer!: Viewer;
  conn: Connection | null = null;
  campaign = 'demo';
  token: string | null = localStorage.getItem(TOKEN_KEY);
  readonly hud = new Hud();
  readonly params = new URLSearchParams(location.search);
  private status: CampaignStatus | null = null;
  private tool: 'orbit' | 'field' = 'orbit';
  private fields = new Map<string, FieldMarker>();
  private fieldSeq = 0;
  private readonly frameLatency = new Samples();
  readonly inputLatency = new Samples();
  private renderedRing: { tick: number; at: number; receivedAt: number }[] = [];
  private awaiting: { tick: number; sentAt: number; ackAt: number }[] = [];
  private fpsCount = 0;
  private fps = 0;
  private lastBytes = 0;
  private bandwidth = 0;
  private lastDecodeMs: number | null = null;
  private replayDecoder: FrameDecoder | null = null;
  private ui: Record<string, HTMLElement> = {};
  readonly debug: DebugHooks;

  constructor(private readonly root: HTMLElement) {
    this.debug = {
      ready: false, app: this, renderer: '', gpu: '', draw: '', decoder: '', rendered: 0, framesShown: 0, lastTick: null, state: '',
      errors: [], inputLatencies: this.inputLatency.values, inputLatencyDetail: [], frameLatencies: this.frameLatency.values, decodeMs: [], fields: [],
    };
    window.__swarmcast = this.debug;
    this.api.token = this.token;
    const m = location.pathname.match(/^\/c\/([a-z0-9][a-z0-9-]{0,63})\/?$/);
    if (m) this.campaign = m[1];
  }

  async start(): Promise<void> {
    const canvas = h('canvas', { id: 'view', tabindex: 0 });
    const stage = h('main', { class: 'stage' }, canvas, this.hud.el,
      this.ui.replayBanner = h('div', { class: 'replay-banner hidden', id: 'replay-banner' }),
      this.ui.messages = h('div', { class: 'messages', id: 'messages', role: 'status', 'aria-live': 'polite' }));
    this.root.append(stage, this.buildPanel());
    // ?embed=1: the view and its HUD only, for an <iframe> in another page
    if (this.params.get('embed') === '1') this.root.classList.add('embed');
    try {
      this.viewer = await Viewer.create(canvas, {
        forceWebGL: this.params.get('renderer') === 'webgl',
        pointSize: Number(this.params.get('pointSize') ?? 2),
        draw: (['sprites', 'points'].includes(this.params.get('draw') ?? '') ? this.params.get('draw') : 'auto') as 'auto' | 'sprites' | 'points',
      });
    } catch (e) {
      this.notify(`Cannot start the 3D view: ${(e as Error).message ?? e}`);
      throw e;
    }
    this.viewer.interpolate = this.params.get('interpolate') !== '0';
    this.viewer.onRender = (info) => this.rendered(info);
    this.debug.renderer = this.viewer.backend;
    this.debug.gpu = this.viewer.gpu;
    this.debug.draw = this.viewer.drawMode;
    this.bindPointer(canvas);
    setInterval(() => this.second(), 1000);
    setInterval(() => this.updateHud(), 250);
    this.open(this.campaign);
    this.refreshSession();
    this.debug.ready = true;
    window.addEventListener('popstate', () => {
      const mm = location.pathname.match(/^\/c\/([a-z0-9][a-z0-9-]{0,63})\/?$/);
      this.open(mm ? mm[1] : 'demo', false);
    });
  }

  // ---- messages ----

  notify(text: string, kind: 'error' | 'info' = 'error'): void {
    if (kind === 'error') {
      this.debug.errors.push(text);
      console.warn('swarmcast:', text);
    }
    const el = h('div', { class: `msg ${kind}` }, text);
    this.ui.messages.append(el);
    setTimeout(() => el.remove(), kind === 'error' ? 10000 : 4000);
  }

  // ---- the stream ----

  open(id: string, push = true): void {
    this.conn?.close();
    this.campaign = id;
    this.status = null;
    this.fields.clear();
    this.viewer.clearMarkers();
    this.viewer.live();
    this.awaiting = [];
    this.renderFields();
    if (push) {
      const path = id === 'demo' ? '/' : `/c/${id}`;
      if (location.pathname !== path) history.pushState(null, '', path + location.search);
    }
    document.title = `Swarmcast · ${id}`;
    const tier = Number(this.params.get('tier') ?? 0);
    const conn = connect('', id, {
      token: this.token ?? undefined,
      tier,
      mode: this.params.get('mode') === 'pinned' ? 'pinned' : 'adaptive',
      decoder: (this.params.get('decoder') as 'simd' | 'scalar' | 'js' | null) ?? 'auto',
    });
    this.conn = conn;
    this.lastBytes = 0;
    conn.on('open', (hello) => {
      this.debug.decoder = conn.decoder?.kind ?? '';
      this.viewer.reserve(Math.max(...hello.tiers.map((t) => t.particles), hello.particles));
      this.debug.state = hello.state;
      this.ui.campaignTitle.textContent = `${hello.campaign}`;
      this.ui.role.textContent = hello.canInput ? `you may send inputs (${hello.role})` : `watching as ${hello.role}: sign in as a player to place fields`;
    });
    conn.on('frame', (f) => {
      if (conn !== this.conn) return;
      this.lastDecodeMs = f.decodeMs;
      this.debug.decodeMs.push(f.decodeMs);
      if (this.debug.decodeMs.length > 2000) this.debug.decodeMs.shift();
      this.viewer.push(f);
    });
    conn.on('status', (s) => {
      if (conn !== this.conn) return;
      this.debug.state = s.state;
      this.updateLifecycle(s.state);
      this.updateReplayRange(s.tick);
    });
    conn.on('error', (e) => {
      if (conn !== this.conn) return;
      this.notify(describe(e));
    });
    conn.on('close', (c) => {
      if (conn !== this.conn) return;
      if (c.willReconnect) this.notify('Connection lost; reconnecting…', 'info');
    });
    this.loadStatus();
  }

  private async loadStatus(): Promise<void> {
    try {
      this.status = await this.api.campaign(this.campaign);
      this.updateLifecycle(this.status.state);
      this.updateReplayRange(this.status.tick);
      this.renderSliders();
    } catch (e) {
      this.notify(describe(e));
    }
  }

  private rendered(info: RenderInfo): void {
    this.fpsCount++;
    this.debug.rendered++;
    const f = info.frame;
    if (!f || !info.firstRenderOfFrame || this.viewer.isFrozen) return;
    this.debug.framesShown++;
    this.debug.lastTick = f.tick;
    this.frameLatency.add(performance.timeOrigin + info.at - f.serverMicros / 1000);
    const seen = { tick: f.tick, at: info.at, receivedAt: f.receivedAt };
    this.renderedRing.push(seen);
    if (this.renderedRing.length > 600) this.renderedRing.shift();
    // inputs: the first frame after the input's tick (an input for tick T applies in step T) reflects it
    if (this.awaiting.length) {
      this.awaiting = this.awaiting.filter((a) => {
        if (f.tick > a.tick) {
          this.inputSeen(a, seen);
          return false;
        }
        return true;
      });
    }
  }

  private inputSeen(a: { sentAt: number; ackAt: number }, r: { at: number; receivedAt: number }): void {
    this.inputLatency.add(r.at - a.sentAt);
    this.debug.inputLatencyDetail.push({ ack: a.ackAt - a.sentAt, arrival: r.receivedAt - a.sentAt, rendered: r.at - a.sentAt });
    if (this.debug.inputLatencyDetail.length > 5000) this.debug.inputLatencyDetail.shift();
  }

  /** Sends an input over the stream; input-to-visible latency is measured from here. */
  async sendInput(input: object): Promise<{ tick: number; seq: number }> {
    if (!this.conn) throw { code: 'not-connected', message: 'not connected to the server' };
    const ack = await this.conn.send(input);
    const pending = { tick: ack.tick, sentAt: ack.sentAt, ackAt: performance.now() };
    // the frame that reflects it may already be on screen (an ACK waits for the journal)
    const seen = this.renderedRing.find((r) => r.tick > ack.tick && r.at >= ack.sentAt);
    if (seen) this.inputSeen(pending, seen);
    else this.awaiting.push(pending);
    return ack;
  }

  private second(): void {
    this.fps = this.fpsCount;
    this.fpsCount = 0;
    const bytes = this.conn?.stats.bytesIn ?? 0;
    this.bandwidth = Math.max(0, bytes - this.lastBytes);
    this.lastBytes = bytes;
  }

  private updateHud(): void {
    const c = this.conn;
    const hello = c?.hello;
    const tier = c && c.tier >= 0 && hello ? hello.tiers.find((t) => t.tier === c.tier) : undefined;
    const recent = this.frameLatency.values.slice(-30).sort((a, b) => a - b);
    this.hud.update({
      fps: this.fps,
      tick: this.debug.lastTick,
      latencyMs: recent.length ? recent[recent.length >> 1] : null,
      bandwidthBytes: this.bandwidth,
      tier: tier ? `${tier.tier} · ${tier.name} · ${this.viewer.layer?.count ?? tier.particles} particles` : '–',
      backend: c?.status?.backend ?? hello?.backend ?? '',
      state: c?.status?.state ?? hello?.state ?? '',
      renderer: `${this.viewer.backend}${this.viewer.usesCompute ? ' + compute' : ''} · ${this.viewer.drawMode}${this.viewer.software ? ' (software)' : ''}`,
      decoder: c?.decoder ? (c.decoder.kind === 'js' ? 'JS' : `WASM ${c.decoder.kind}`) : '–',
      decodeMs: this.lastDecodeMs,
      particles: this.viewer.layer?.count ?? 0,
      mode: this.viewer.isFrozen ? 'replay' : 'live',
    });
  }

  // ---- pointer: fields ----

  private bindPointer(canvas: HTMLCanvasElement): void {
    let down: { x: number; y: number; id: string | null } | null = null;
    let lastSend = 0;
    let timer: number | undefined;
    const sendMove = (id: string, force: boolean) => {
      const f = this.fields.get(id);
      if (!f) return;
      const now = performance.now();
      const go = () => {
        lastSend = performance.now();
        timer = undefined;
        this.sendInput({ type: 'moveField', id, position: f.position.toArray() }).catch((e) => this.notify(describe(e)));
      };
      if (force || now - lastSend >= 50) {
        if (timer) clearTimeout(timer);
        go();
      } else if (!timer) {
        timer = window.setTimeout(go, 50 - (now - lastSend));
      }
    };
    canvas.addEventListener('pointerdown', (ev) => {
      if (this.tool !== 'field' || ev.button !== 0) return;
      down = { x: ev.clientX, y: ev.clientY, id: this.viewer.pickMarker(ev) };
      if (down.id) canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener('pointermove', (ev) => {
      if (!down?.id) return;
      const f = this.fields.get(down.id);
      if (!f) return;
      const p = this.viewer.pointOnPlane(ev, f.position);
      if (!p) return;
      f.position.copy(p);
      this.viewer.setMarker(f);
      sendMove(f.id, false);
    });
    canvas.addEventListener('pointerup', (ev) => {
      if (!down) return;
      const d = down;
      down = null;
      if (d.id) {
        sendMove(d.id, true);
        return;
      }
      if (Math.hypot(ev.clientX - d.x, ev.clientY - d.y) < 6) {
        const p = this.viewer.pointOnPlane(ev);
        if (p) void this.addField(p);
      }
    });
  }

  async addField(p: THREE.Vector3): Promise<void> {
    if (this.viewer.isFrozen) {
      this.notify('This is a replay: go back to live to place fields');
      return;
    }
    const kind = (this.ui.fieldKind as HTMLSelectElement).value as FieldMarker['kind'];
    const strength = Number((this.ui.fieldStrength as HTMLInputElement).value);
    const span = Math.max(1, this.spanOfWorld());
    const radius = Math.round(span * Number((this.ui.fieldRadius as HTMLInputElement).value) / 100);
    const id = `f${Date.now().toString(36).slice(-4)}${++this.fieldSeq}`;
    const marker: FieldMarker = { id, kind, position: p.clone(), radius };
    const input = {
      type: 'addField',
      field: { type: 'field', id, kind, position: [+p.x.toFixed(3), +p.y.toFixed(3), +p.z.toFixed(3)], strength, radius, falloff: 'smooth' },
    };
    try {
      await this.sendInput(input);
      this.fields.set(id, marker);
      this.viewer.setMarker(marker);
      this.renderFields();
    } catch (e) {
      this.notify(describe(e));
    }
  }

  /** Where a field's marker is on the canvas (CSS pixels from its top left), for tests. */
  fieldOnScreen(id: string): { x: number; y: number } | null {
    const f = this.fields.get(id);
    return f ? this.viewer.project(f.position) : null;
  }

  private spanOfWorld(): number {
    const f = this.viewer.currentFrame;
    return f ? Math.max(f.max[0] - f.min[0], f.max[1] - f.min[1], f.max[2] - f.min[2]) : 200;
  }

  // ---- the control room ----

  private section(title: string, ...body: (Node | string)[]): HTMLElement {
    return h('section', {}, h('h2', {}, title), ...body);
  }

  private buildPanel(): HTMLElement {
    const u = this.ui;
    u.tokenInput = h('input', { type: 'password', id: 'token', placeholder: 'paste a token', autocomplete: 'off', value: this.token ?? '' });
    u.session = h('div', { class: 'muted', id: 'session' });
    const signin = this.section('Sign in',
      h('form', { class: 'row', onsubmit: (e: Event) => { e.preventDefault(); this.signIn((u.tokenInput as HTMLInputElement).value.trim()); } },
        u.tokenInput, h('button', { type: 'submit', id: 'signin' }, 'Sign in'),
        h('button', { type: 'button', id: 'signout', onclick: () => this.signIn('') }, 'Sign out')),
      u.session);

    u.campaignTitle = h('span', { id: 'campaign-title' }, this.campaign);
    u.state = h('span', { class: 'badge', id: 'campaign-state' }, '…');
    u.role = h('div', { class: 'muted', id: 'role' });
    const lifecycle = h('div', { class: 'row' }, ...(['start', 'pause', 'resume', 'stop'] as const).map((a) =>
      (u[`btn-${a}`] = h('button', { id: `btn-${a}`, onclick: () => this.lifecycle(a) }, a[0].toUpperCase() + a.slice(1)))));
    const tierSel = h('select', { id: 'tier', onchange: (e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      this.conn?.subscribe(v.startsWith('p') ? 'pinned' : 'adaptive', Number(v.slice(1)));
    } }, ...[0, 1, 2, 3, 4, 5].flatMap((t) => [h('option', { value: `a${t}` }, `adaptive, up to tier ${t}`), h('option', { value: `p${t}` }, `pinned at tier ${t}`)]));
    const current = this.section('Campaign', h('div', { class: 'row' }, u.campaignTitle, u.state), u.role, lifecycle,
      h('label', { class: 'row' }, 'Stream ', tierSel));

    u.list = h('div', { class: 'list', id: 'campaign-list' });
    const list = this.section('Campaigns', u.list, h('button', { onclick: () => this.refreshList() }, 'Refresh'));

    u.presets = h('select', { id: 'create-preset' });
    u.createId = h('input', { id: 'create-id', placeholder: 'id (a-z, 0-9, -)', pattern: '[a-z0-9][a-z0-9-]{0,63}', required: true });
    u.createParticles = h('input', { id: 'create-particles', type: 'number', min: 1, value: 20000 });
    u.createPublic = h('input', { id: 'create-public', type: 'checkbox' });
    const create = this.section('New campaign', h('form', { class: 'grid', onsubmit: (e: Event) => { e.preventDefault(); this.create(); } },
      h('label', {}, 'id'), u.createId,
      h('label', {}, 'preset'), u.presets,
      h('label', {}, 'particles'), u.createParticles,
      h('label', {}, 'public'), u.createPublic,
      h('span'), h('button', { type: 'submit', id: 'create' }, 'Create and start')));

    u.sliders = h('div', { id: 'sliders' });
    const params = this.section('Parameters', u.sliders);

    u.fieldKind = h('select', { id: 'field-kind' }, h('option', { value: 'attractor' }, 'attractor'),
      h('option', { value: 'repulsor' }, 'repulsor'), h('option', { value: 'vortex' }, 'vortex'));
    u.fieldStrength = h('input', { id: 'field-strength', type: 'number', min: 0, max: 500, value: 80 });
    u.fieldRadius = h('input', { id: 'field-radius', type: 'number', min: 1, max: 100, value: 40, title: 'radius, % of the world' });
    u.toolOrbit = h('button', { id: 'tool-orbit', class: 'on', onclick: () => this.setTool('orbit') }, 'Orbit');
    u.toolField = h('button', { id: 'tool-field', onclick: () => this.setTool('field') }, 'Place fields');
    u.fieldList = h('div', { id: 'field-list', class: 'list' });
    const fields = this.section('Force fields', h('div', { class: 'row' }, u.toolOrbit, u.toolField),
      h('div', { class: 'muted' }, 'Place fields: click in the view to place one, drag it to move it; right-drag orbits.'),
      h('div', { class: 'grid' }, h('label', {}, 'kind'), u.fieldKind, h('label', {}, 'strength'), u.fieldStrength,
        h('label', {}, 'radius %'), u.fieldRadius),
      u.fieldList);

    u.replayRange = h('input', { id: 'replay-range', type: 'range', min: 0, max: 0, value: 0, step: 1 });
    u.replayTick = h('input', { id: 'replay-tick', type: 'number', min: 0, value: 0 });
    // once the user types a tick, stop following the live tick (it would overwrite what they typed)
    u.replayTick.addEventListener('input', () => { this.replayFollowsLive = false; });
    u.replayInfo = h('div', { class: 'muted', id: 'replay-info' });
    let debounce: number | undefined;
    u.replayRange.addEventListener('input', () => {
      (u.replayTick as HTMLInputElement).value = (u.replayRange as HTMLInputElement).value;
      clearTimeout(debounce);
      debounce = window.setTimeout(() => this.replay(Number((u.replayRange as HTMLInputElement).value)), 300);
    });
    const replay = this.section('Replay (debug)', u.replayRange,
      h('div', { class: 'row' }, u.replayTick,
        h('button', { id: 'replay-show', onclick: () => this.replay(Number((u.replayTick as HTMLInputElement).value)) }, 'Show tick'),
        h('button', { id: 'replay-live', onclick: () => this.backToLive() }, 'Live')),
      u.replayInfo);

    return h('aside', { class: 'panel', id: 'control-room' }, h('h1', {}, 'Swarmcast'), signin, current, list, create, params, fields, replay);
  }

  private setTool(t: 'orbit' | 'field'): void {
    this.tool = t;
    this.ui.toolOrbit.classList.toggle('on', t === 'orbit');
    this.ui.toolField.classList.toggle('on', t === 'field');
    this.viewer.setOrbitOnLeft(t === 'orbit');
    if (t === 'field' && this.conn?.hello && !this.conn.hello.canInput) {
      this.notify('Placing fields needs the player role: sign in with a player (or higher) token');
    }
  }

  private signIn(token: string): void {
    this.token = token || null;
    if (this.token) localStorage.setItem(TOKEN_KEY, this.token);
    else localStorage.removeItem(TOKEN_KEY);
    this.api.token = this.token;
    (this.ui.tokenInput as HTMLInputElement).value = token;
    const c = claims(this.token);
    if (this.token && !c) this.notify('That does not look like a token (a JWT has three parts separated by dots)');
    if (c?.exp && c.exp * 1000 < Date.now()) this.notify('This token has expired');
    this.refreshSession();
    this.open(this.campaign, false);
  }

  private refreshSession(): void {
    const c = claims(this.token);
    this.ui.session.textContent = c ? `signed in as ${c.sub ?? '?'} · ${c.role ?? '?'} · tenant ${c.tenant ?? '?'}` : 'anonymous: public campaigns only';
    void this.refreshList();
    void this.loadPresets();
  }

  private async refreshList(): Promise<void> {
    try {
      const list = await this.api.campaigns();
      this.ui.list.replaceChildren(...list.map((s) => h('button', {
        class: `item${s.id === this.campaign ? ' on' : ''}`, 'data-id': s.id, onclick: () => { this.open(s.id); void this.refreshList(); },
      }, h('b', {}, s.id), ` ${s.state} · ${s.particles.toLocaleString('en')} · tick ${s.tick}${s.public ? ' · public' : ''}`)));
    } catch (e) {
      this.notify(describe(e));
    }
  }

  private async loadPresets(): Promise<void> {
    if ((this.ui.presets as HTMLSelectElement).options.length) return;
    try {
      const ps: Preset[] = await this.api.presets();
      this.ui.presets.replaceChildren(...ps.map((p) => h('option', { value: p.name }, `${p.name} (${p.particles.toLocaleString('en')})`)));
      (this.ui.presets as HTMLSelectElement).value = 'small';
    } catch (e) {
      this.notify(describe(e));
    }
  }

  private async create(): Promise<void> {
    const id = (this.ui.createId as HTMLInputElement).value.trim();
    try {
      const s = await this.api.create({
        id,
        preset: (this.ui.presets as HTMLSelectElement).value,
        particles: Number((this.ui.createParticles as HTMLInputElement).value) || undefined,
        public: (this.ui.createPublic as HTMLInputElement).checked,
        start: true,
      });
      this.notify(`Created ${s.id} (${s.particles} particles)`, 'info');
      this.open(s.id);
      await this.refreshList();
    } catch (e) {
      this.notify(describe(e));
    }
  }

  private async lifecycle(action: 'start' | 'pause' | 'resume' | 'stop'): Promise<void> {
    try {
      const r = await this.api.lifecycle(this.campaign, action);
      this.updateLifecycle(r.state);
      this.debug.state = r.state;
      void this.refreshList();
    } catch (e) {
      this.notify(describe(e));
    }
  }

  private updateLifecycle(state: string): void {
    this.ui.state.textContent = state;
    this.ui.state.dataset.state = state;
    const can: Record<string, string[]> = { created: ['start', 'stop'], running: ['pause', 'stop'], paused: ['resume', 'stop'], stopped: [] };
    for (const a of ['start', 'pause', 'resume', 'stop']) {
      (this.ui[`btn-${a}`] as HTMLButtonElement).disabled = !(can[state] ?? []).includes(a);
    }
  }

  private renderSliders(): void {
    const specs = slidersFor(this.status?.scene);
    this.ui.sliders.replaceChildren(...specs.map((s) => this.slider(s)));
  }

  private slider(s: SliderSpec): HTMLElement {
    const out = h('span', { class: 'v' }, String(s.value));
    const input = h('input', { type: 'range', min: s.min, max: s.max, step: s.step, value: s.value, 'data-target': s.target, 'data-param': s.param });
    let timer: number | undefined;
    input.addEventListener('input', () => {
      out.textContent = input.value;
      clearTimeout(timer);
      timer = window.setTimeout(async () => {
        try {
          await this.api.setParameters(this.campaign, s.target, { [s.param]: paramValue(s, Number(input.value)) });
        } catch (e) {
          this.notify(describe(e));
        }
      }, 120);
    });
    return h('label', { class: 'slider' }, h('span', {}, s.label), input, out);
  }

  private renderFields(): void {
    this.debug.fields = [...this.fields.keys()];
    this.ui.fieldList.replaceChildren(...[...this.fields.values()].map((f) => {
      const strength = h('input', { type: 'range', min: 0, max: 300, step: 1, value: Number((this.ui.fieldStrength as HTMLInputElement).value) });
      strength.addEventListener('change', () => {
        this.sendInput({ type: 'setParameters', target: f.id, params: { strength: Number(strength.value) } }).catch((e) => this.notify(describe(e)));
      });
      return h('div', { class: 'item' }, h('b', {}, f.id), ` ${f.kind} `, strength,
        h('button', { onclick: async () => {
          try {
            await this.sendInput({ type: 'removeField', id: f.id });
            this.fields.delete(f.id);
            this.viewer.removeMarker(f.id);
            this.renderFields();
          } catch (e) {
            this.notify(describe(e));
          }
        } }, 'Remove'));
    }));
  }

  // ---- replay ----

  private replayFollowsLive = true;

  private updateReplayRange(tick: number): void {
    const r = this.ui.replayRange as HTMLInputElement;
    const atEnd = Number(r.value) >= Number(r.max);
    r.max = String(tick);
    if (atEnd && !this.viewer.isFrozen && this.replayFollowsLive) {
      r.value = String(tick);
      (this.ui.replayTick as HTMLInputElement).value = String(tick);
    }
  }

  async replay(tick: number): Promise<void> {
    try {
      this.ui.replayInfo.textContent = `rebuilding tick ${tick}…`;
      const [bytes, info] = await Promise.all([this.api.replayFrame(this.campaign, tick), this.api.replayInfo(this.campaign, tick)]);
      this.replayDecoder ??= await createDecoder('auto');
      const f = this.replayDecoder.decode(bytes) as Frame;
      f.receivedAt = performance.now();
      // the decoder reuses its memory: keep our own copy while the replay is on screen
      f.positions = f.positions.slice();
      this.viewer.freeze(f);
      this.ui.replayBanner.textContent = `REPLAY · tick ${f.tick} · checksum ${info.checksum} — live view paused`;
      this.ui.replayBanner.classList.remove('hidden');
      this.ui.replayInfo.textContent = `tick ${info.tick}, checksum ${info.checksum}`;
    } catch (e) {
      this.ui.replayInfo.textContent = '';
      this.notify(describe(e));
    }
  }

  backToLive(): void {
    this.replayFollowsLive = true;
    this.viewer.live();
    this.ui.replayBanner.classList.add('hidden');
  }
}
