// The 3D view: three.js through three/webgpu (WebGPURenderer, which falls back to WebGL2 by itself
// where there is no WebGPU; ?renderer=webgl forces the fallback), an orbit camera, the particle
// layer, the world's bounding box and force-field markers, and picking for placing fields.
import * as THREE from 'three/webgpu';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { Frame } from '../sdk';
import { ParticleLayer } from './particles';

export interface ViewerOptions {
  forceWebGL: boolean;
  pointSize: number;
  /** sprites: quads of pointSize pixels; points: 1-pixel points, far cheaper for software renderers; auto: points on a software renderer. */
  draw: 'auto' | 'sprites' | 'points';
}

export interface RenderInfo {
  /** performance.now() after the frame was submitted. */
  at: number;
  /** The newest server frame in the image, and when it first appeared. */
  frame: Frame | null;
  firstRenderOfFrame: boolean;
}

export interface FieldMarker {
  id: string;
  kind: 'attractor' | 'repulsor' | 'vortex';
  position: THREE.Vector3;
  radius: number;
}

const BACKGROUND = 0x05070d;
const KIND_COLOURS = { attractor: 0x4ade80, repulsor: 0xf87171, vortex: 0x60a5fa };

export class Viewer {
  readonly renderer: THREE.WebGPURenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(50, 1, 0.1, 10000);
  readonly controls: OrbitControls;
  layer: ParticleLayer | null = null;
  /** 'WebGPU' or 'WebGL2'. */
  backend = '';
  /** The GPU as the browser names it, and whether it is a software renderer (SwiftShader, llvmpipe). */
  gpu = '';
  software = false;
  drawMode: 'sprites' | 'points' = 'sprites';
  private box: THREE.LineSegments | null = null;
  private bounds: string = '';
  private pending: Frame | null = null;
  private shown: Frame | null = null;
  private interval = 1000 / 60;
  private lastArrival = 0;
  private markers = new Map<string, THREE.Group>();
  private frozen = false;
  private readonly raycaster = new THREE.Raycaster();
  /** Called after every render. */
  onRender: (info: RenderInfo) => void = () => {};
  /** Interpolation on (true) or off (show each frame as it comes). */
  interpolate = true;
  /** Something changed since the last render (camera, markers, size); frames and interpolation count too. */
  private dirty = true;

  private constructor(readonly canvas: HTMLCanvasElement, private readonly options: ViewerOptions) {
    this.renderer = new THREE.WebGPURenderer({ canvas, antialias: false, forceWebGL: options.forceWebGL, alpha: false });
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.scene.background = new THREE.Color(BACKGROUND);
    this.camera.position.set(160, 110, 260);
    this.controls.addEventListener('change', () => { this.dirty = true; });
  }

  static async create(canvas: HTMLCanvasElement, options: ViewerOptions): Promise<Viewer> {
    const v = new Viewer(canvas, options);
    await v.renderer.init();
    const backend = v.renderer.backend as unknown as { isWebGPUBackend?: boolean };
    v.backend = backend.isWebGPUBackend ? 'WebGPU' : 'WebGL2';
    v.gpu = await v.describeGpu();
    v.software = /swiftshader|llvmpipe|software|lavapipe/i.test(v.gpu);
    v.drawMode = options.draw === 'auto' ? (v.software ? 'points' : 'sprites') : options.draw;
    v.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    v.resize();
    new ResizeObserver(() => v.resize()).observe(canvas.parentElement ?? canvas);
    v.renderer.setAnimationLoop((t) => v.tick(t));
    return v;
  }

  private async describeGpu(): Promise<string> {
    try {
      type Info = { vendor?: string; architecture?: string; description?: string };
      const b = this.renderer.backend as unknown as { device?: { adapterInfo?: Info }; gl?: WebGL2RenderingContext };
      if (b.device) {
        const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Info } | null> } }).gpu;
        const info = b.device.adapterInfo ?? (await gpu?.requestAdapter())?.info;
        return info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') : '';
      }
      if (b.gl) {
        const ext = b.gl.getExtension('WEBGL_debug_renderer_info');
        return String(b.gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : b.gl.RENDERER));
      }
    } catch {
      /* unknown */
    }
    return '';
  }

  get usesCompute(): boolean {
    return this.backend === 'WebGPU';
  }

  private resize(): void {
    const el = this.canvas.parentElement ?? this.canvas;
    const w = Math.max(1, el.clientWidth);
    const h = Math.max(1, el.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  /** A new live frame: shown from the next display frame on. */
  push(frame: Frame): void {
    if (this.frozen) return;
    this.pending = frame;
  }

  /** Shows one frame without interpolation and holds it (replay), until live() is called. */
  freeze(frame: Frame): void {
    this.frozen = true;
    this.pending = frame;
  }

  live(): void {
    this.frozen = false;
    this.shown = null;
    this.dirty = true;
  }

  /** The newest frame on screen. */
  get currentFrame(): Frame | null {
    return this.shown;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Makes room for n particles at once (the campaign's full count from HELLO), so that moving up a tier needs no new buffers. */
  reserve(n: number): void {
    this.ensureLayer(n);
  }

  private ensureLayer(n: number): ParticleLayer {
    if (this.layer && this.layer.capacity >= n) return this.layer;
    if (this.layer) {
      this.scene.remove(this.layer.object);
      this.layer.dispose();
    }
    const capacity = Math.max(1024, Math.ceil(n * 1.25));
    this.layer = new ParticleLayer(capacity, this.usesCompute, this.drawMode);
    this.layer.pointSize.value = this.options.pointSize;
    this.scene.add(this.layer.object);
    this.shown = null;
    return this.layer;
  }

  private fitBounds(f: Frame): void {
    const key = `${f.min.join(',')}:${f.max.join(',')}`;
    if (key === this.bounds) return;
    const first = this.bounds === '';
    this.bounds = key;
    const min = new THREE.Vector3(...f.min);
    const max = new THREE.Vector3(...f.max);
    const size = max.clone().sub(min);
    const centre = min.clone().add(max).multiplyScalar(0.5);
    if (this.box) {
      this.scene.remove(this.box);
      this.box.geometry.dispose();
    }
    const geo = new THREE.EdgesGeometry(new THREE.BoxGeometry(size.x, size.y, size.z));
    this.box = new THREE.LineSegments(geo, new THREE.LineBasicNodeMaterial({ color: 0x1e2a3c }));
    this.box.position.copy(centre);
    this.scene.add(this.box);
    if (first) {
      const r = size.length() / 2;
      this.controls.target.copy(centre);
      this.camera.position.copy(centre).add(new THREE.Vector3(0.55, 0.38, 0.9).normalize().multiplyScalar(r * 2.1));
      this.camera.near = r / 100;
      this.camera.far = r * 20;
      this.camera.updateProjectionMatrix();
    }
  }

  private tick(_t: number): void {
    const now = performance.now();
    let first = false;
    const f = this.pending;
    if (f) {
      this.pending = null;
      const layer = this.ensureLayer(f.count);
      this.fitBounds(f);
      // a particle moving 0.4% of the world's diagonal in a tick glows fully
      layer.speedScale.value = 1 / Math.max(1e-6, new THREE.Vector3(...f.max).sub(new THREE.Vector3(...f.min)).length() * 0.004);
      const prev = this.shown;
      const continuous = !this.frozen && this.interpolate && prev !== null && prev.tier === f.tier
        && prev.count === f.count && f.tick > prev.tick && layer.count === f.count;
      if (prev && continuous) {
        // smoothed time between frames: how long the interpolation towards the new frame lasts
        const dt = f.receivedAt - this.lastArrival;
        if (dt > 0 && dt < 500) this.interval = this.interval * 0.8 + dt * 0.2;
      }
      this.lastArrival = f.receivedAt;
      layer.upload(f.positions, f.count, continuous);
      this.shown = f;
      first = true;
    }
    const layer = this.layer;
    let settled = true;
    if (layer) {
      const a = this.frozen || !this.interpolate ? 1 : (now - this.lastArrival) / this.interval;
      layer.alpha.value = Math.min(1, Math.max(0, a));
      settled = a >= 1;
    }
    this.controls.update();
    // nothing new to show (no frame, interpolation done, camera still): leave the last image up, and
    // the CPU or GPU to others
    if (!first && !this.dirty && settled) return;
    this.dirty = !settled;
    layer?.update(this.renderer);
    this.renderer.render(this.scene, this.camera);
    layer?.rendered();
    this.onRender({ at: performance.now(), frame: this.shown, firstRenderOfFrame: first });
  }

  // ---- force fields ----

  setMarker(m: FieldMarker): void {
    let g = this.markers.get(m.id);
    if (!g) {
      g = new THREE.Group();
      g.name = m.id;
      const colour = KIND_COLOURS[m.kind];
      const core = new THREE.Mesh(new THREE.SphereGeometry(1, 16, 12), new THREE.MeshBasicNodeMaterial({ color: colour }));
      core.name = 'core';
      const ring = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.IcosahedronGeometry(1, 1)),
        new THREE.LineBasicNodeMaterial({ color: colour, transparent: true, opacity: 0.35 }));
      ring.name = 'ring';
      g.add(core, ring);
      this.scene.add(g);
      this.markers.set(m.id, g);
    }
    const span = this.worldSpan();
    g.getObjectByName('core')!.scale.setScalar(span * 0.012);
    g.getObjectByName('ring')!.scale.setScalar(m.radius);
    g.position.copy(m.position);
    this.dirty = true;
  }

  removeMarker(id: string): void {
    const g = this.markers.get(id);
    if (g) {
      this.scene.remove(g);
      this.markers.delete(id);
      this.dirty = true;
    }
  }

  clearMarkers(): void {
    for (const id of [...this.markers.keys()]) this.removeMarker(id);
  }

  private worldSpan(): number {
    if (!this.bounds) return 200;
    const [a, b] = this.bounds.split(':').map((s) => s.split(',').map(Number));
    return Math.max(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }

  private ndc(ev: { clientX: number; clientY: number }): THREE.Vector2 {
    const r = this.canvas.getBoundingClientRect();
    return new THREE.Vector2(((ev.clientX - r.left) / r.width) * 2 - 1, -((ev.clientY - r.top) / r.height) * 2 + 1);
  }

  /** The field marker under the pointer (within 16 CSS pixels of its centre on screen), if any. */
  pickMarker(ev: { clientX: number; clientY: number }): string | null {
    const r = this.canvas.getBoundingClientRect();
    let best: string | null = null;
    let bestD = 16;
    for (const [id, g] of this.markers) {
      const p = this.project(g.position);
      const d = Math.hypot(p.x - (ev.clientX - r.left), p.y - (ev.clientY - r.top));
      if (d <= bestD) {
        best = id;
        bestD = d;
      }
    }
    return best;
  }

  /**
   * The world point under the pointer: on the plane through `through` (default: the orbit target)
   * facing the camera, clamped into the world's bounds.
   */
  pointOnPlane(ev: { clientX: number; clientY: number }, through?: THREE.Vector3): THREE.Vector3 | null {
    this.raycaster.setFromCamera(this.ndc(ev), this.camera);
    const normal = this.camera.getWorldDirection(new THREE.Vector3());
    const plane = new THREE.Plane().setFromNormalAndCoplanarPoint(normal, through ?? this.controls.target);
    const p = this.raycaster.ray.intersectPlane(plane, new THREE.Vector3());
    if (!p || !this.bounds) return p;
    const [a, b] = this.bounds.split(':').map((s) => s.split(',').map(Number));
    p.x = Math.min(b[0], Math.max(a[0], p.x));
    p.y = Math.min(b[1], Math.max(a[1], p.y));
    p.z = Math.min(b[2], Math.max(a[2], p.z));
    return p;
  }

  /** Where a world point appears on the canvas, CSS pixels from its top left. */
  project(p: THREE.Vector3): { x: number; y: number } {
    const v = p.clone().project(this.camera);
    const r = this.canvas.getBoundingClientRect();
    return { x: (v.x + 1) / 2 * r.width, y: (1 - v.y) / 2 * r.height };
  }

  /** Orbiting with the left button (true), or leave the left button to field placement (false). */
  setOrbitOnLeft(on: boolean): void {
    this.controls.mouseButtons.LEFT = on ? THREE.MOUSE.ROTATE : (-1 as THREE.MOUSE);
    this.controls.mouseButtons.RIGHT = on ? THREE.MOUSE.PAN : THREE.MOUSE.ROTATE;
  }
}
