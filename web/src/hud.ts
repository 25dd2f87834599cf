// The heads-up display: render fps, tick, frame latency (server timestamp to on screen), bandwidth,
// tier, the server's backend, and what this browser uses (renderer, decoder).
import { h } from './dom';

export interface HudData {
  fps: number;
  tick: number | null;
  latencyMs: number | null;
  bandwidthBytes: number;
  tier: string;
  backend: string;
  state: string;
  renderer: string;
  decoder: string;
  decodeMs: number | null;
  particles: number;
  mode: string;
}

const fmt = (v: number | null, d = 1) => (v === null || !isFinite(v) ? '–' : v.toFixed(d));

function bandwidth(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(2)} Mbit/s`;
  return `${(bits / 1e3).toFixed(1)} kbit/s`;
}

export class Hud {
  readonly el: HTMLElement;
  private cells = new Map<string, HTMLElement>();

  constructor() {
    this.el = h('div', { class: 'hud', id: 'hud' });
    for (const [key, label] of [['fps', 'render fps'], ['tick', 'tick'], ['latency', 'frame latency'],
      ['bandwidth', 'bandwidth'], ['tier', 'tier'], ['backend', 'server backend'], ['state', 'state'],
      ['renderer', 'renderer'], ['decoder', 'decoder'], ['mode', 'view']]) {
      const v = h('span', { class: 'v', 'data-hud': key }, '–');
      this.cells.set(key, v);
      this.el.append(h('div', { class: 'row' }, h('span', { class: 'k' }, label), v));
    }
  }

  update(d: HudData): void {
    this.set('fps', fmt(d.fps, 0));
    this.set('tick', d.tick === null ? '–' : String(d.tick));
    this.set('latency', d.latencyMs === null ? '–' : `${fmt(d.latencyMs)} ms`);
    this.set('bandwidth', bandwidth(d.bandwidthBytes));
    this.set('tier', d.tier);
    this.set('backend', d.backend || '–');
    this.set('state', d.state || '–');
    this.set('renderer', d.renderer);
    this.set('decoder', `${d.decoder}${d.decodeMs === null ? '' : ` · ${d.decodeMs.toFixed(2)} ms`}`);
    this.set('mode', d.mode);
  }

  private set(key: string, text: string): void {
    const c = this.cells.get(key)!;
    if (c.textContent !== text) c.textContent = text;
  }
}
