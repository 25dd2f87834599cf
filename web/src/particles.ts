// The particle layer: two GPU buffers hold the two newest frames (vec4 x, y, z, attribute, exactly
// as the decoder writes them), and each display frame draws their interpolation, coloured by
// attribute and brightened by speed.
//
// WebGPU: a compute pass does the per-frame work (interpolation, colour, visibility) into two
// storage buffers that the draw reads. WebGL2 (three's fallback): the same arithmetic runs in the
// vertex shader. New frames are uploaded into whichever buffer holds the older frame, straight from
// the decoder's WebAssembly memory (no JS copy), and the kernels (or materials) are swapped to match.
//
// Two ways to draw: 'sprites', instanced quads of pointSize pixels (the default; cheap on a GPU), and
// 'points', one 1-pixel point per particle in a single non-instanced draw (software renderers such
// as SwiftShader pay per instance, and draw these several times faster).
import * as THREE from 'three/webgpu';
import {
  Fn, attributeArray, bufferAttribute, clamp, cos, float, instanceIndex, instancedArray, instancedBufferAttribute,
  length, mix, select, storage, uniform, vec2, vec3, vec4,
} from 'three/tsl';

type Node = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEAD = 254.5;
const FAR = 1e9;

/** Colour of an attribute: a cosine palette, distinct for small integers. */
function palette(attr: Node): Node {
  const t = attr.mul(0.173).add(0.08);
  return cos(vec3(t, t, t).add(vec3(0.0, 0.33, 0.67)).mul(6.28318)).mul(0.42).add(0.58);
}

export type DrawMode = 'sprites' | 'points';

export class ParticleLayer {
  readonly object: THREE.Sprite | THREE.Points;
  readonly capacity: number;
  /** Interpolation weight of the newest frame, 0..1. */
  readonly alpha = uniform(1);
  readonly pointSize = uniform(2);
  /** 1 / (speed, world units per tick, that counts as fast). */
  readonly speedScale = uniform(1);
  private readonly bufs: (THREE.StorageInstancedBufferAttribute | THREE.StorageBufferAttribute)[];
  private readonly own: Float32Array[];
  private readonly kernels: Node[] = [];
  private readonly materials: THREE.PointsNodeMaterial[] = [];
  private readonly geometry: THREE.BufferGeometry | null = null;
  private newest = 1;
  private gpuReady = false;
  count = 0;

  constructor(capacity: number, private readonly useCompute: boolean, readonly mode: DrawMode = 'sprites') {
    this.capacity = capacity;
    const points = mode === 'points';
    this.own = [new Float32Array(4 * capacity), new Float32Array(4 * capacity)];
    this.bufs = this.own.map((a) => points ? new THREE.StorageBufferAttribute(a, 4) : new THREE.StorageInstancedBufferAttribute(a, 4));
    // per-particle values as the draw sees them: per instance (sprites) or per vertex (points)
    const perParticle = (b: THREE.BufferAttribute): Node => (points ? bufferAttribute(b) : instancedBufferAttribute(b));
    if (useCompute) {
      const outPos: Node = points ? attributeArray(capacity, 'vec4') : instancedArray(capacity, 'vec4');
      const outCol: Node = points ? attributeArray(capacity, 'vec4') : instancedArray(capacity, 'vec4');
      const nodes = this.bufs.map((b) => storage(b, 'vec4', capacity).toReadOnly());
      for (const cur of [0, 1]) {
        const prev = 1 - cur;
        this.kernels[cur] = Fn(() => {
          const a = nodes[prev].element(instanceIndex);
          const b = nodes[cur].element(instanceIndex);
          const born = a.w.greaterThan(DEAD);
          const pos = select(born, b.xyz, mix(a.xyz, b.xyz, this.alpha));
          const speed = select(born, float(0), length(b.xyz.sub(a.xyz)));
          const visible: Node = select(b.w.greaterThan(DEAD), float(0), float(1));
          const glow = clamp(speed.mul(this.speedScale), 0, 1).mul(0.55).add(0.6);
          outPos.element(instanceIndex).assign(vec4(pos, visible));
          outCol.element(instanceIndex).assign(vec4(palette(b.w).mul(glow), 1));
        })().compute(capacity);
      }
      const m = this.material();
      const p = outPos.toAttribute();
      m.colorNode = outCol.toAttribute();
      if (points) {
        m.positionNode = select(p.w.greaterThan(0.5), p.xyz, vec3(FAR, FAR, FAR)); // the dead: beyond the far plane
      } else {
        m.positionNode = p.xyz;
        const size: Node = this.pointSize.mul(p.w);
        m.sizeNode = vec2(size, size);
      }
      this.materials.push(m, m);
    } else {
      for (const cur of [0, 1]) {
        const a = perParticle(this.bufs[1 - cur]);
        const b = perParticle(this.bufs[cur]);
        const born = a.w.greaterThan(DEAD);
        const pos = select(born, b.xyz, mix(a.xyz, b.xyz, this.alpha));
        const speed = select(born, float(0), length(b.xyz.sub(a.xyz)));
        const visible: Node = select(b.w.greaterThan(DEAD), float(0), float(1));
        const glow = clamp(speed.mul(this.speedScale), 0, 1).mul(0.55).add(0.6);
        const m = this.material();
        m.colorNode = vec4(palette(b.w).mul(glow), 1);
        if (points) {
          m.positionNode = select(visible.greaterThan(0.5), pos, vec3(FAR, FAR, FAR));
        } else {
          m.positionNode = pos;
          const size: Node = this.pointSize.mul(visible);
          m.sizeNode = vec2(size, size);
        }
        this.materials.push(m);
      }
    }
    if (points) {
      // one vertex per particle; 'position' only gives three the vertex count (the nodes above place them)
      this.geometry = new THREE.BufferGeometry();
      this.geometry.setAttribute('position', this.bufs[0]);
      this.geometry.setDrawRange(0, 0);
      this.object = new THREE.Points(this.geometry, this.materials[this.newest]);
    } else {
      this.object = new THREE.Sprite(this.materials[this.newest]);
      (this.object as { count: number }).count = 0;
    }
    this.object.frustumCulled = false;
  }

  private material(): THREE.PointsNodeMaterial {
    const m = new THREE.PointsNodeMaterial({ sizeAttenuation: false, transparent: false, depthWrite: true });
    m.alphaToCoverage = false;
    return m;
  }

  /**
   * Uploads a decoded frame (4·n floats). `continuous`: the same particles as the newest frame (same
   * tier and count), so motion is interpolated; otherwise both buffers get the frame and it shows at
   * once.
   */
  upload(positions: Float32Array, n: number, continuous: boolean): void {
    if (n > this.capacity) throw new Error(`frame of ${n} particles exceeds the layer's ${this.capacity}`);
    const target = continuous ? 1 - this.newest : this.newest;
    this.put(target, positions);
    if (!continuous) this.put(1 - target, positions);
    this.newest = target;
    this.count = n;
    if (this.geometry) this.geometry.setDrawRange(0, n);
    else (this.object as { count: number }).count = n;
    this.object.material = this.materials[this.newest];
    if (this.useCompute) this.kernels[this.newest].count = n;
  }

  private put(k: number, positions: Float32Array): void {
    const b = this.bufs[k];
    if (this.gpuReady) {
      // zero-copy: three writes the GPU buffer straight from this view (WebAssembly memory)
      (b as unknown as { array: Float32Array }).array = positions;
    } else {
      // before the GPU buffers exist they are sized from the array: keep the full-capacity one
      this.own[k].set(positions);
      (b as unknown as { array: Float32Array }).array = this.own[k];
    }
    b.needsUpdate = true;
  }

  /** The per-frame work: the compute pass on WebGPU (the vertex shader does it on WebGL2). */
  update(renderer: THREE.WebGPURenderer): void {
    if (this.useCompute && this.count > 0) renderer.compute(this.kernels[this.newest]);
  }

  /** Called after each render: once one has drawn particles, the GPU buffers exist at full capacity. */
  rendered(): void {
    if (this.count > 0) this.gpuReady = true;
  }

  dispose(): void {
    for (const m of new Set(this.materials)) m.dispose();
    this.object.geometry.dispose();
  }
}
