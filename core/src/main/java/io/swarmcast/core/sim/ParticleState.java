package io.swarmcast.core.sim;

import java.util.Arrays;

/**
 * Structure-of-arrays particle state in fixed point: Q16.16 positions and velocities, an age in
 * ticks ({@link Fixed#DEAD} when not alive) and an 8-bit attribute (colour/type). 27 bytes a particle.
 * Arrays are public because backends hand them straight to kernels.
 */
public final class ParticleState {
    public final int[] px;
    public final int[] py;
    public final int[] pz;
    public final int[] vx;
    public final int[] vy;
    public final int[] vz;
    public final char[] age;
    public final byte[] attr;

    public ParticleState(int count) {
        px = new int[count];
        py = new int[count];
        pz = new int[count];
        vx = new int[count];
        vy = new int[count];
        vz = new int[count];
        age = new char[count];
        attr = new byte[count];
    }

    public int count() {
        return px.length;
    }

    public boolean alive(int i) {
        return age[i] != Fixed.DEAD;
    }

    public int aliveCount() {
        int n = 0;
        for (char a : age) {
            if (a != Fixed.DEAD) {
                n++;
            }
        }
        return n;
    }

    public void copyFrom(ParticleState o) {
        System.arraycopy(o.px, 0, px, 0, count());
        System.arraycopy(o.py, 0, py, 0, count());
        System.arraycopy(o.pz, 0, pz, 0, count());
        System.arraycopy(o.vx, 0, vx, 0, count());
        System.arraycopy(o.vy, 0, vy, 0, count());
        System.arraycopy(o.vz, 0, vz, 0, count());
        System.arraycopy(o.age, 0, age, 0, count());
        System.arraycopy(o.attr, 0, attr, 0, count());
    }

    public ParticleState copy() {
        ParticleState c = new ParticleState(count());
        c.copyFrom(this);
        return c;
    }

    public long checksum() {
        return Checksum.of(this);
    }

    /** Index of the first particle that differs from {@code o}, or -1. For diagnosing divergence. */
    public int firstDifference(ParticleState o) {
        for (int i = 0; i < count(); i++) {
            if (px[i] != o.px[i] || py[i] != o.py[i] || pz[i] != o.pz[i] || vx[i] != o.vx[i]
                || vy[i] != o.vy[i] || vz[i] != o.vz[i] || age[i] != o.age[i] || attr[i] != o.attr[i]) {
                return i;
            }
        }
        return -1;
    }

    public String describe(int i) {
        return "particle " + i + " p=(" + px[i] + "," + py[i] + "," + pz[i] + ") v=(" + vx[i] + "," + vy[i] + ","
            + vz[i] + ") age=" + (int) age[i] + " attr=" + (attr[i] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParticleState s && Arrays.equals(px, s.px) && Arrays.equals(py, s.py)
            && Arrays.equals(pz, s.pz) && Arrays.equals(vx, s.vx) && Arrays.equals(vy, s.vy)
            && Arrays.equals(vz, s.vz) && Arrays.equals(age, s.age) && Arrays.equals(attr, s.attr);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(checksum());
    }
}
