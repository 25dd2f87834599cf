package io.swarmcast.campaign.replay;

import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A campaign's world rebuilt at {@code tick}: its checksum, the scene then in force and the particles,
 * with where it started from ({@code fromTick}, the snapshot's sequence number or -1 for the created
 * scene) and how many journaled inputs took part.
 */
public record ReplayResult(String id, long tick, long checksum, Scene scene, ParticleState particles, long fromTick,
                           long snapshotSequenceNr, int inputs, long lastJournaledTick, long replayMillis) {

    public String checksumHex() {
        return String.format("%016x", checksum);
    }

    /** Summary statistics of the live particles: count, centre of mass, mean speed and extent. */
    public Map<String, Object> stats() {
        ParticleState s = particles;
        int rate = scene.tickRate();
        long alive = 0;
        double cx = 0, cy = 0, cz = 0, speed = 0;
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < s.count(); i++) {
            if (!s.alive(i)) {
                continue;
            }
            alive++;
            double x = Fixed.toWorld(s.px[i]), y = Fixed.toWorld(s.py[i]), z = Fixed.toWorld(s.pz[i]);
            cx += x;
            cy += y;
            cz += z;
            double vx = Fixed.toWorld(s.vx[i]) * rate, vy = Fixed.toWorld(s.vy[i]) * rate, vz = Fixed.toWorld(s.vz[i]) * rate;
            speed += Math.sqrt(vx * vx + vy * vy + vz * vz);
            min[0] = Math.min(min[0], x);
            min[1] = Math.min(min[1], y);
            min[2] = Math.min(min[2], z);
            max[0] = Math.max(max[0], x);
            max[1] = Math.max(max[1], y);
            max[2] = Math.max(max[2], z);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("particles", s.count());
        m.put("alive", alive);
        if (alive > 0) {
            m.put("centreOfMass", new double[] {cx / alive, cy / alive, cz / alive});
            m.put("meanSpeed", speed / alive);
            m.put("min", min);
            m.put("max", max);
        }
        return m;
    }
}
