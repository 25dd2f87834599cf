// Live parameter sliders for the behaviours of the preset scenes (core/src/main/resources/scenes).
// Each slider sends PUT /api/campaigns/{id}/behaviours/{target} with {param: value}.

export interface SliderSpec {
  target: string;
  param: string;
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** The parameter is a vector; the slider sets this component (the others are kept at `vector`). */
  component?: 0 | 1 | 2;
  vector?: [number, number, number];
}

const drag = (v: number): SliderSpec => ({ target: 'drag', param: 'coefficient', label: 'drag', min: 0, max: 2, step: 0.01, value: v });
const bounce = (v: number): SliderSpec => ({ target: 'boundary', param: 'restitution', label: 'boundary restitution', min: 0, max: 1, step: 0.01, value: v });
const turbulence = (v: number): SliderSpec => ({ target: 'turbulence', param: 'strength', label: 'turbulence', min: 0, max: 60, step: 0.5, value: v });
const gravity = (y: number): SliderSpec => ({
  target: 'gravity', param: 'acceleration', label: 'gravity (y)', min: -20, max: 20, step: 0.1, value: y, component: 1, vector: [0, y, 0],
});
const field = (id: string, kind: string, v: number): SliderSpec => ({
  target: id, param: 'strength', label: `${id} (${kind}) strength`, min: 0, max: 200, step: 1, value: v,
});
const speed = (id: string, v: number): SliderSpec => ({ target: id, param: 'speed', label: `${id} emitter speed`, min: 0, max: 150, step: 1, value: v });

export const PRESET_SLIDERS: Record<string, SliderSpec[]> = {
  demo: [gravity(-2), drag(0.3), bounce(0.7), field('left', 'attractor', 40), field('right', 'attractor', 40),
    field('swirl', 'vortex', 30), field('crown', 'repulsor', 60), speed('geyser', 70), turbulence(15)],
  fountain: [gravity(-9.81), drag(0.05), bounce(0.5), speed('jet', 45)],
  galaxy: [drag(0.05), bounce(0), field('core', 'attractor', 25), field('spin', 'vortex', 35), turbulence(6)],
  swarm: [drag(0.8), bounce(0.9), field('hive', 'attractor', 30), turbulence(20),
    { target: 'separation', param: 'strength', label: 'separation', min: 0, max: 100, step: 1, value: 40 }],
  small: [drag(0.4), bounce(0.8), field('centre', 'attractor', 20), field('spin', 'vortex', 15), speed('spark', 35), turbulence(8)],
};

/** Sliders for a scene (by preset name); a scene that is not a preset gets the behaviours most scenes have. */
export function slidersFor(scene: string | undefined): SliderSpec[] {
  return (scene && PRESET_SLIDERS[scene]) || [drag(0.3), bounce(0.7)];
}

/** The JSON value a slider sends. */
export function paramValue(s: SliderSpec, v: number): unknown {
  if (s.component === undefined) return v;
  const out = [...(s.vector ?? [0, 0, 0])];
  out[s.component] = v;
  return out;
}
