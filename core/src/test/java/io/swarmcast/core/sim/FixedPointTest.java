package io.swarmcast.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Vec3;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void emitterScheduleIsExactOverLongRuns() {
        Emitter e = new Emitter("e", Vec3.ZERO, 20_000, Vec3.UP, 1, 0, 1, 0, 0, null, 0, 0);
        assertEquals(20_000, e.spawnedBy(60, 60));
        assertEquals(20_000L * 3600 * 24, e.spawnedBy(60L * 3600 * 24, 60));
        // rates count in milli-particles per second: 0.25/s is exact, a first particle after 4 s
        Emitter quarter = new Emitter("q", Vec3.ZERO, 0.25, Vec3.UP, 1, 0, 9, 0, 0, null, 0, 0);
        assertEquals(0, quarter.spawnedBy(239, 60));
        assertEquals(1, quarter.spawnedBy(240, 60));
        // and 1/3 per second is 0.333/s: the third particle comes at 9.009 s, not 9 s
        Emitter third = new Emitter("t", Vec3.ZERO, 1.0 / 3, Vec3.UP, 1, 0, 9, 0, 0, null, 0, 0);
        assertEquals(2, third.spawnedBy(540, 60));
        assertEquals(3, third.spawnedBy(541, 60));
        long previous = 0;
        for (long t = 0; t < 10_000; t++) {
            long now = new Emitter("r", Vec3.ZERO, 7.25, Vec3.UP, 1, 0, 1, 0, 0, null, 0, 0).spawnedBy(t, 60);
            assertTrue(now >= previous);
            previous = now;
        }
        assertEquals(Math.floorDiv(9999L * 7250, 60_000), previous);
    }

    @Test
    void initialStateIsAPureFunctionOfTheScene() {
        Scene s = Presets.get("small");
        KernelParams p = new KernelParams();
        p.compile(s);
        ParticleState a = InitialState.create(p);
        ParticleState b = InitialState.create(p);
        assertEquals(a, b);
        assertEquals(a.checksum(), b.checksum());
        for (int i = 0; i < a.count(); i++) {
            if (a.alive(i)) {
                assertTrue(a.px[i] >= p.ints[KernelLayout.MIN_X] && a.px[i] <= p.ints[KernelLayout.MAX_X]);
            }
        }
        int pool = s.emitters().get(0).poolSize();
        assertEquals(a.count() - pool, a.aliveCount());
    }

    @Test
    void checksumIsOrderFreeAndSeesEveryField() {
        Scene s = Presets.get("small");
        KernelParams p = new KernelParams();
        p.compile(s);
        ParticleState a = InitialState.create(p);
        long whole = Checksum.of(a);
        long high = 0;
        long low = 0;
        for (int i = a.count() - 1; i >= 0; i--) {
            int aa = Checksum.ageAttr(a.age[i], a.attr[i]);
            high += Checksum.mixHigh(i, a.px[i], a.py[i], a.pz[i], a.vx[i], a.vy[i], a.vz[i], aa);
            low += Checksum.mixLow(i, a.px[i], a.py[i], a.pz[i], a.vx[i], a.vy[i], a.vz[i], aa) & 0xFFFFFFFFL;
        }
        assertEquals(whole, Checksum.combine(high, low));
        int[][] fields = {a.px, a.py, a.pz, a.vx, a.vy, a.vz};
        for (int[] f : fields) {
            ParticleState c = a.copy();
            int[] target = f == a.px ? c.px : f == a.py ? c.py : f == a.pz ? c.pz : f == a.vx ? c.vx : f == a.vy ? c.vy : c.vz;
            target[123] ^= 1;
            assertNotEquals(whole, c.checksum());
        }
        ParticleState aged = a.copy();
        aged.age[7]++;
        assertNotEquals(whole, aged.checksum());
        ParticleState coloured = a.copy();
        coloured.attr[7]++;
        assertNotEquals(whole, coloured.checksum());
        ParticleState swapped = a.copy();
        int t = swapped.px[1];
        swapped.px[1] = swapped.px[2];
        swapped.px[2] = t;
        assertNotEquals(whole, swapped.checksum(), "which particle holds a value matters");
    }

    @Test
    void compiledParamsRespectTheExactnessLimits() {
        Scene demo = Presets.get("demo");
        KernelParams p = new KernelParams();
        p.compile(demo);
        for (int f = 0; f < demo.fields().size(); f++) {
            double force = Math.abs(p.doubles[KernelLayout.FIELD_D_BASE + f * KernelLayout.FIELD_D_STRIDE + KernelLayout.FD_FORCE]);
            assertTrue(force > 0);
        }
        assertTrue(Math.abs(p.ints[KernelLayout.MIN_X]) <= 1 << 29);
        assertEquals(Fixed.ONE - Math.round(0.3 / 60 * Fixed.ONE), p.ints[KernelLayout.DRAG]);
    }
}
