// The Swarmcast client: connect(url, campaignId, {token, tier}) opens the campaign's frame stream,
// decodes frames (WebAssembly SIMD where it can) and sends inputs. Works in browsers and in Node 20+
// (pass a WebSocket implementation where there is no global one).
import { createDecoder, type DecodedFrame, type DecoderKind, type FrameDecoder } from './decoder';
import {
  MSG, VERSION, inputMessage, json, readAck, readError, reportMessage, subscribeMessage,
  type Ack, type Hello, type Mode, type ServerError, type Status,
} from './protocol';

export interface ConnectOptions {
  /** A JWT (sent as ?access_token=). Anonymous when absent: public campaigns only, no inputs. */
  token?: string;
  /** An API key (sent as ?api_key=), instead of a token. */
  apiKey?: string;
  /** The highest tier wanted (0 = every particle). Default 0. */
  tier?: number;
  /** adaptive (default): the server lowers the tier when the client falls behind; pinned: it does not. */
  mode?: Mode;
  /** Which decoder: auto (default) picks WebAssembly SIMD, then scalar WebAssembly, then JS. */
  decoder?: 'auto' | DecoderKind;
  /** Reconnect after the connection drops (not after errors that mean it would fail again). Default true. */
  reconnect?: boolean;
  /** A WebSocket constructor, for environments without a global one. */
  WebSocket?: typeof WebSocket;
  /**
   * Send REPORT (the tick of the frame just received) at most this often, ms, so that an adaptive stream
   * also steps down for lag that hides in network buffers; 0 turns it off. Default 50: the server counts a
   * viewer as lagging when the frame it sends is more than 6 ticks past the last report, whatever the
   * report's age, so at 60 ticks a second reports must come more often than every 100 ms.
   */
  reportEveryMs?: number;
}

export interface Frame extends DecodedFrame {
  /** performance.now() when the message arrived. */
  receivedAt: number;
}

export interface ConnectionEvents {
  open: Hello;
  frame: Frame;
  status: Status;
  tier: { tier: number; reason: 'subscribed' | 'down' | 'up' };
  ack: Ack & { sentAt: number };
  error: ServerError;
  close: { code: number; reason: string; willReconnect: boolean };
}

type Listener<T> = (value: T) => void;

/** Byte and message counters of a connection. */
export interface ConnectionStats {
  bytesIn: number;
  messagesIn: number;
  framesIn: number;
  bytesOut: number;
}

export interface Connection {
  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof ConnectionEvents>(event: K, listener: Listener<ConnectionEvents[K]>): () => void;
  /**
   * Sends an input (JSON as in the API, e.g. {type:'addField', field:{...}}) for `tick` (-1: the next
   * one). Resolves with the ACK once the server has journaled it; rejects with the server's error.
   */
  send(input: object, tick?: number): Promise<Ack & { sentAt: number }>;
  /** Changes mode and tier. */
  subscribe(mode: Mode, tier: number): void;
  close(): void;
  readonly hello: Hello | null;
  readonly status: Status | null;
  readonly tier: number;
  readonly stats: ConnectionStats;
  readonly decoder: FrameDecoder | null;
  readonly campaign: string;
  /** The HTTP base the connection derives its REST calls from. */
  readonly httpBase: string;
}

/** `url`: ws(s):// or http(s):// base of the server, or '' for the page's own origin. */
export function wsBase(url: string): string {
  let base = url;
  if (!base) {
    const loc = (globalThis as { location?: Location }).location;
    if (!loc) throw new Error('connect: give the server URL (there is no page location here)');
    base = loc.origin;
  }
  base = base.replace(/\/+$/, '');
  if (base.startsWith('http://')) return 'ws://' + base.slice(7);
  if (base.startsWith('https://')) return 'wss://' + base.slice(8);
  return base;
}

export function httpBase(url: string): string {
  const ws = wsBase(url);
  if (ws.startsWith('ws://')) return 'http://' + ws.slice(5);
  if (ws.startsWith('wss://')) return 'https://' + ws.slice(6);
  return ws;
}

/** Opens a campaign's stream. Listeners may be added at once: nothing is emitted before the next turn. */
export function connect(url: string, campaignId: string, options: ConnectOptions = {}): Connection {
  return new SwarmcastConnection(url, campaignId, options);
}

class SwarmcastConnection implements Connection {
  hello: Hello | null = null;
  status: Status | null = null;
  tier = -1;
  decoder: FrameDecoder | null = null;
  readonly stats: ConnectionStats = { bytesIn: 0, messagesIn: 0, framesIn: 0, bytesOut: 0 };
  readonly httpBase: string;
  private ws: WebSocket | null = null;
  private listeners = new Map<string, Set<Listener<never>>>();
  private pending = new Map<number, { resolve: (a: Ack & { sentAt: number }) => void; reject: (e: ServerError) => void; sentAt: number }>();
  private nextRequest = 1;
  private closed = false;
  private retries = 0;
  private reportedTick = -1;
  private reportedAt = -Infinity;
  private reports = true;
  private mode: Mode;
  private wantTier: number;
  private readonly WS: typeof WebSocket;

  constructor(private readonly url: string, readonly campaign: string, private readonly options: ConnectOptions) {
    this.mode = options.mode ?? 'adaptive';
    this.wantTier = options.tier ?? 0;
    this.httpBase = httpBase(url);
    const WS = options.WebSocket ?? (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (!WS) throw new Error('connect: no WebSocket implementation; pass options.WebSocket');
    this.WS = WS;
    createDecoder(options.decoder ?? 'auto').then((d) => {
      this.decoder = d;
      if (!this.closed) this.open();
    });
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: Listener<ConnectionEvents[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set!.delete(listener as Listener<never>);
  }

  private emit<K extends keyof ConnectionEvents>(event: K, value: ConnectionEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const l of set) {
      try {
        (l as Listener<ConnectionEvents[K]>)(value);
      } catch (e) {
        console.error(`swarmcast: a '${event}' listener threw`, e);
      }
    }
  }

  private open(): void {
    const q: string[] = [];
    if (this.options.token) q.push('access_token=' + encodeURIComponent(this.options.token));
    if (this.options.apiKey) q.push('api_key=' + encodeURIComponent(this.options.apiKey));
    const target = `${wsBase(this.url)}/ws/campaigns/${encodeURIComponent(this.campaign)}${q.length ? '?' + q.join('&') : ''}`;
    const ws = new this.WS(target);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let greeted = false;
    ws.onmessage = (ev: MessageEvent) => {
      const receivedAt = performance.now();
      if (!(ev.data instanceof ArrayBuffer)) {
        this.emit('error', { code: 'protocol', message: 'the server sent a text message; the protocol is binary' });
        return;
      }
      const bytes = new Uint8Array(ev.data);
      this.stats.bytesIn += bytes.byteLength;
      this.stats.messagesIn++;
      if (bytes.byteLength < 2 || bytes[0] !== VERSION) {
        this.emit('error', { code: 'unsupported-version', message: `the server speaks protocol version ${bytes[0]}` });
        return;
      }
      switch (bytes[1]) {
        case MSG.HELLO:
          greeted = true;
          this.retries = 0;
          this.hello = json<Hello>(bytes, 2);
          this.sendRaw(subscribeMessage(this.mode, this.wantTier));
          this.emit('open', this.hello);
          break;
        case MSG.FRAME: {
          this.stats.framesIn++;
          let frame: DecodedFrame;
          try {
            frame = this.decoder!.decode(bytes);
          } catch (e) {
            this.emit('error', { code: 'decode', message: String((e as Error).message ?? e) });
            return;
          }
          (frame as Frame).receivedAt = receivedAt;
          this.report(frame.tick, receivedAt);
          this.emit('frame', frame as Frame);
          break;
        }
        case MSG.STATUS:
          this.status = json<Status>(bytes, 2);
          this.emit('status', this.status);
          break;
        case MSG.TIER:
          this.tier = bytes[2];
          this.emit('tier', { tier: bytes[2], reason: bytes[3] === 1 ? 'down' : bytes[3] === 2 ? 'up' : 'subscribed' });
          break;
        case MSG.ACK: {
          const ack = readAck(bytes);
          const p = this.pending.get(ack.requestId);
          const withTime = { ...ack, sentAt: p?.sentAt ?? NaN };
          if (p) {
            this.pending.delete(ack.requestId);
            p.resolve(withTime);
          }
          this.emit('ack', withTime);
          break;
        }
        case MSG.ERROR: {
          const err = readError(bytes);
          if (err.code === 'unknown-type' && !err.requestId && this.reports && this.reportedTick >= 0) {
            // a server older than REPORT: stop sending it, and this is no news to the user
            this.reports = false;
            return;
          }
          const p = err.requestId ? this.pending.get(err.requestId) : undefined;
          if (p) {
            this.pending.delete(err.requestId!);
            p.reject(err);
          }
          this.emit('error', err);
          break;
        }
        default:
          // unknown types are ignored (forward compatibility)
          break;
      }
    };
    ws.onclose = (ev: CloseEvent) => {
      this.ws = null;
      for (const [, p] of this.pending) p.reject({ code: 'closed', message: 'the connection closed before the server answered' });
      this.pending.clear();
      const wanted = !this.closed && (this.options.reconnect ?? true);
      if (!greeted && !this.closed) {
        // The server refused the upgrade with an HTTP error, which a browser cannot read: ask the API
        // why, and retry only if that does not say it would fail again.
        void this.explainRefusal().then((retry) => {
          this.emit('close', { code: ev.code, reason: ev.reason, willReconnect: wanted && retry });
          if (wanted && retry) this.retry();
        });
        return;
      }
      this.emit('close', { code: ev.code, reason: ev.reason, willReconnect: wanted });
      if (wanted) this.retry();
    };
  }

  /** REPORTs the tick of the frame just received, at most every reportEveryMs. */
  private report(tick: number, at: number): void {
    const every = this.options.reportEveryMs ?? 50;
    if (!this.reports || every <= 0 || at - this.reportedAt < every) return;
    this.reportedAt = at;
    this.reportedTick = tick;
    this.sendRaw(reportMessage(tick));
  }

  private retry(): void {
    const delay = Math.min(10000, 500 * 2 ** Math.min(this.retries++, 5));
    setTimeout(() => { if (!this.closed) this.open(); }, delay);
  }

  /** Emits why the server refused the stream; true if trying again may help. */
  private async explainRefusal(): Promise<boolean> {
    try {
      const headers: Record<string, string> = {};
      if (this.options.token) headers.Authorization = 'Bearer ' + this.options.token;
      if (this.options.apiKey) headers['X-Api-Key'] = this.options.apiKey;
      const r = await fetch(`${this.httpBase}/api/campaigns/${encodeURIComponent(this.campaign)}`, { headers });
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        this.emit('error', { status: r.status, code: body.code ?? 'http-' + r.status, message: body.message ?? r.statusText, field: body.field ?? null });
        return r.status === 429 || r.status >= 500;
      }
      const st = await r.json();
      if (st.state === 'stopped') {
        this.emit('error', { code: 'illegal-state', message: `campaign '${this.campaign}' is stopped` });
        return false;
      }
      this.emit('error', { code: 'unavailable', message: `could not open the stream of '${this.campaign}'; retrying` });
      return true;
    } catch (e) {
      this.emit('error', { code: 'unreachable', message: `cannot reach the server at ${this.httpBase}: ${(e as Error).message ?? e}` });
      return true;
    }
  }

  private sendRaw(b: Uint8Array): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(b);
    this.stats.bytesOut += b.byteLength;
    return true;
  }

  send(input: object, tick = -1): Promise<Ack & { sentAt: number }> {
    const requestId = this.nextRequest++;
    if (this.nextRequest > 0xffffffff) this.nextRequest = 1;
    return new Promise((resolve, reject) => {
      const sentAt = performance.now();
      if (!this.sendRaw(inputMessage(requestId, tick, input))) {
        reject({ code: 'not-connected', message: 'not connected to the server', requestId } satisfies ServerError);
        return;
      }
      this.pending.set(requestId, { resolve, reject, sentAt });
    });
  }

  subscribe(mode: Mode, tier: number): void {
    this.mode = mode;
    this.wantTier = tier;
    this.sendRaw(subscribeMessage(mode, tier));
  }

  close(): void {
    this.closed = true;
    this.ws?.close(1000, 'bye');
  }
}
