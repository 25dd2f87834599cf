// The REST API (http-edge/src/main/resources/io/swarmcast/edge/openapi.json), with errors in words.

export interface CampaignStatus {
  id: string;
  state: 'created' | 'running' | 'paused' | 'stopped';
  tick: number;
  checksum: string;
  particles: number;
  backend: string;
  device?: string;
  scene?: string;
  tenant?: string;
  public?: boolean;
  owner?: string;
  subscribers?: number;
  overruns?: number;
  inputsAccepted?: number;
  inputsRejected?: number;
  node?: string;
}

export interface Preset {
  name: string;
  particles: number;
  behaviours: number;
}

/** An error answer of the API: {status, code, message, field}. `message` is meant for people. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field: string | null = null) {
    super(message);
    this.name = 'ApiError';
  }

  /** A sentence for the user. */
  describe(): string {
    const what = {
      401: 'Not signed in, or the token is not valid',
      403: 'Not allowed',
      404: 'Not found',
      409: 'Not possible now',
      413: 'Too large',
      429: 'Too many requests; slow down',
      503: 'The server is busy or starting',
    }[this.status] ?? (this.status >= 500 ? 'The server failed' : 'Refused');
    return `${what}: ${this.message}${this.field ? ` (${this.field})` : ''}`;
  }
}

export class Api {
  /** `base`: the server's http(s) origin, '' for the page's own. */
  constructor(private readonly base: string = '', public token: string | null = null) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = 'Bearer ' + this.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let r: Response;
    try {
      r = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'unreachable', `cannot reach the server (${(e as Error).message ?? e})`);
    }
    const type = r.headers.get('Content-Type') ?? '';
    if (!r.ok) {
      if (type.startsWith('application/json')) {
        const e = await r.json();
        throw new ApiError(r.status, e.code ?? 'error', e.message ?? r.statusText, e.field ?? null);
      }
      throw new ApiError(r.status, 'http-' + r.status, r.statusText || `HTTP ${r.status}`);
    }
    if (type.startsWith('application/json')) return (await r.json()) as T;
    return (await r.arrayBuffer()) as T;
  }

  campaigns(): Promise<CampaignStatus[]> {
    return this.call<{ campaigns: CampaignStatus[] }>('GET', '/api/campaigns').then((r) => r.campaigns);
  }

  campaign(id: string): Promise<CampaignStatus> {
    return this.call('GET', `/api/campaigns/${encodeURIComponent(id)}`);
  }

  presets(): Promise<Preset[]> {
    return this.call<{ presets: Preset[] }>('GET', '/api/presets').then((r) => r.presets);
  }

  create(req: { id: string; preset: string; particles?: number; public?: boolean; start?: boolean }): Promise<CampaignStatus> {
    return this.call('POST', '/api/campaigns', req);
  }

  lifecycle(id: string, action: 'start' | 'pause' | 'resume' | 'stop'): Promise<{ id: string; state: string }> {
    return this.call('POST', `/api/campaigns/${encodeURIComponent(id)}/${action}`);
  }

  /** Changes parameters of a behaviour (a field or emitter id, or gravity, drag, boundary, turbulence, separation). */
  setParameters(id: string, target: string, params: Record<string, unknown>): Promise<{ id: string; tick: number; seq: number }> {
    return this.call('PUT', `/api/campaigns/${encodeURIComponent(id)}/behaviours/${encodeURIComponent(target)}`, params);
  }

  input(id: string, input: object, tick?: number): Promise<{ id: string; tick: number; seq: number }> {
    return this.call('POST', `/api/campaigns/${encodeURIComponent(id)}/inputs`, tick === undefined ? { input } : { tick, input });
  }

  /** The campaign's state at `tick` as a FRAME message (decode it with any decoder). */
  async replayFrame(id: string, tick: number): Promise<Uint8Array> {
    const buf = await this.call<ArrayBuffer>('GET', `/api/campaigns/${encodeURIComponent(id)}/replay?tick=${tick}&format=frame`);
    return new Uint8Array(buf);
  }

  replayInfo(id: string, tick: number): Promise<{ tick: number; checksum: string; stats: Record<string, unknown> }> {
    return this.call('GET', `/api/campaigns/${encodeURIComponent(id)}/replay?tick=${tick}&format=json`);
  }
}
