// Swarmcast frame decoder (codec 1, q16), AssemblyScript.
//
// A FRAME's payload is planar: u16 x[n], u16 y[n], u16 z[n], u8 attr[n]. decode() turns it into the
// GPU-ready layout the viewer uploads as is: vec4<f32> per particle, (x, y, z, attr), interleaved,
// positions in world units. The same source builds twice: with SIMD (128-bit lanes, 8 particles a
// step) and without (one particle a step); ASC_FEATURE_SIMD picks the branch at compile time.
//
// Arithmetic (identical in the JS fallback and the Java reference decoder, so all agree bit for bit):
//   scale = f32((f64(max) - f64(min)) / 65535)   (computed by the caller and passed in)
//   x     = f32(min + f32(f32(q) * scale))       (two f32 roundings, no fused multiply-add)
//
// Memory is the caller's: it places the payload at `src` and reserves 16·n bytes at `dst`. The module
// has no imports, no allocator and no data; everything above 64 KiB is free for the caller.

/** Decodes n particles from the payload at `src` into vec4<f32> at `dst`. */
export function decode(src: usize, n: u32, dst: usize,
                       minX: f32, minY: f32, minZ: f32, sx: f32, sy: f32, sz: f32): void {
  let i: u32 = 0;
  const xs = src;
  const ys = src + (<usize>n << 1);
  const zs = src + (<usize>n << 2);
  const as = src + <usize>n * 6;
  if (ASC_FEATURE_SIMD) {
    const vmx = f32x4.splat(minX), vmy = f32x4.splat(minY), vmz = f32x4.splat(minZ);
    const vsx = f32x4.splat(sx), vsy = f32x4.splat(sy), vsz = f32x4.splat(sz);
    const end8 = n & ~7;
    for (; i < end8; i += 8) {
      const o = <usize>i << 1;
      const qx = v128.load(xs + o);
      const qy = v128.load(ys + o);
      const qz = v128.load(zs + o);
      const qa = v128.load8x8_u(as + <usize>i);          // 8 x u8 -> 8 x u16
      const x0 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(qx)), vsx), vmx);
      const x1 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(qx)), vsx), vmx);
      const y0 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(qy)), vsy), vmy);
      const y1 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(qy)), vsy), vmy);
      const z0 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(qz)), vsz), vmz);
      const z1 = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(qz)), vsz), vmz);
      const w0 = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(qa));
      const w1 = f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(qa));
      const d = dst + (<usize>i << 4);
      store4(d, x0, y0, z0, w0);
      store4(d + 64, x1, y1, z1, w1);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 1;
    const d = dst + (<usize>i << 4);
    store<f32>(d, minX + <f32>load<u16>(xs + o) * sx);
    store<f32>(d, minY + <f32>load<u16>(ys + o) * sy, 4);
    store<f32>(d, minZ + <f32>load<u16>(zs + o) * sz, 8);
    store<f32>(d, <f32>load<u8>(as + <usize>i), 12);
  }
}

/** Writes four particles: a 4x4 transpose of the planes (x, y, z, w) into (x, y, z, w) rows. */
// @ts-ignore: decorator
@inline function store4(d: usize, x: v128, y: v128, z: v128, w: v128): void {
  const t0 = i32x4.shuffle(x, y, 0, 4, 1, 5);   // x0 y0 x1 y1
  const t1 = i32x4.shuffle(z, w, 0, 4, 1, 5);   // z0 w0 z1 w1
  const t2 = i32x4.shuffle(x, y, 2, 6, 3, 7);   // x2 y2 x3 y3
  const t3 = i32x4.shuffle(z, w, 2, 6, 3, 7);   // z2 w2 z3 w3
  v128.store(d, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(d, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
  v128.store(d, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
  v128.store(d, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
}

/** Counts the live particles (attribute != 255) of the payload at `src`: for the HUD. */
export function countLive(src: usize, n: u32): u32 {
  const as = src + <usize>n * 6;
  let dead: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    dead += <u32>(load<u8>(as + <usize>i) == 255);
  }
  return n - dead;
}
