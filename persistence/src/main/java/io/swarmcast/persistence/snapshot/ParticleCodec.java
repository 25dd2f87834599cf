package io.swarmcast.persistence.snapshot;

import com.github.luben.zstd.Zstd;
import io.swarmcast.core.sim.ParticleState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compact, compressed binary form of a particle state, for snapshots. Each array is written as byte
 * planes (all first bytes, then all second bytes, ...), so the slowly varying high bytes of positions
 * and velocities form long runs, then the whole is compressed with Zstandard.
 *
 * <pre>
 * u32 magic 'SWP1' | u32 count | u32 rawLength | zstd(planes of px py pz vx vy vz (4 each), age (2), attr (1))
 * </pre>
 */
public final class ParticleCodec {
    private static final int MAGIC = 0x53575031; // "SWP1"
    private static final int HEADER = 12;
    private static final int LEVEL = 1;

    private ParticleCodec() {
    }

    public static byte[] encode(ParticleState s) {
        int n = s.count();
        int raw = n * 27;
        byte[] planes = new byte[raw];
        int off = 0;
        for (int[] a : new int[][] {s.px, s.py, s.pz, s.vx, s.vy, s.vz}) {
            for (int i = 0; i < n; i++) {
                int v = a[i];
                planes[off + i] = (byte) v;
                planes[off + n + i] = (byte) (v >> 8);
                planes[off + 2 * n + i] = (byte) (v >> 16);
                planes[off + 3 * n + i] = (byte) (v >> 24);
            }
            off += 4 * n;
        }
        for (int i = 0; i < n; i++) {
            planes[off + i] = (byte) s.age[i];
            planes[off + n + i] = (byte) (s.age[i] >> 8);
        }
        off += 2 * n;
        System.arraycopy(s.attr, 0, planes, off, n);
        byte[] packed = Zstd.compress(planes, LEVEL);
        ByteBuffer out = ByteBuffer.allocate(HEADER + packed.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(n).putInt(raw).put(packed);
        return out.array();
    }

    public static ParticleState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER || in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a particle snapshot (bad magic)");
        }
        int n = in.getInt();
        int raw = in.getInt();
        if (n < 0 || raw != n * 27) {
            throw new IllegalArgumentException("corrupt particle snapshot: count " + n + ", length " + raw);
        }
        byte[] planes = new byte[raw];
        long got;
        try {
            got = Zstd.decompressByteArray(planes, 0, raw, bytes, HEADER, bytes.length - HEADER);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt particle snapshot: " + e.getMessage(), e);
        }
        if (got != raw) {
            throw new IllegalArgumentException("corrupt particle snapshot: " + got + " of " + raw + " bytes");
        }
        ParticleState s = new ParticleState(n);
        int off = 0;
        for (int[] a : new int[][] {s.px, s.py, s.pz, s.vx, s.vy, s.vz}) {
            for (int i = 0; i < n; i++) {
                a[i] = (planes[off + i] & 0xFF) | (planes[off + n + i] & 0xFF) << 8
                    | (planes[off + 2 * n + i] & 0xFF) << 16 | planes[off + 3 * n + i] << 24;
            }
            off += 4 * n;
        }
        for (int i = 0; i < n; i++) {
            s.age[i] = (char) ((planes[off + i] & 0xFF) | (planes[off + n + i] & 0xFF) << 8);
        }
        off += 2 * n;
        System.arraycopy(planes, off, s.attr, 0, n);
        return s;
    }
}
