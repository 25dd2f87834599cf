package io.swarmcast.campaign.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.swarmcast.campaign.CampaignEvent.SeqInput;
import io.swarmcast.campaign.CampaignState;
import io.swarmcast.campaign.Lifecycle;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Snapshots of campaigns: a small CBOR header (lifecycle, scene, ticks, queued inputs) followed by the
 * particles in {@link ParticleCodec}'s compressed binary form.
 *
 * <pre>u32 version | u32 headerLength | CBOR header | particle bytes (absent when the base is the initial state)</pre>
 */
public final class CampaignStateSerializer extends SerializerWithStringManifest {
    public static final int IDENTIFIER = 7301;
    private static final String MANIFEST = "campaign-state-v1";
    private static final int VERSION = 1;
    private static final ObjectMapper CBOR = new CBORMapper();

    /** The header: everything but the particles. */
    record Header(String id, Lifecycle lifecycle, Scene baseScene, long baseTick, List<SeqInput> basePending,
                  List<SeqInput> inputsSince, long lastSeq, long lastTick, boolean hasParticles,
                  io.swarmcast.campaign.CampaignMeta meta) {
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return MANIFEST;
    }

    @Override
    public byte[] toBinary(Object o) {
        CampaignState s = (CampaignState) o;
        try {
            byte[] header = CBOR.writeValueAsBytes(new Header(s.id(), s.lifecycle(), s.baseScene(), s.baseTick(),
                s.basePending(), s.inputsSince(), s.lastSeq(), s.lastTick(), s.baseParticles() != null, s.meta()));
            byte[] particles = s.baseParticles() == null ? new byte[0] : ParticleCodec.encode(s.baseParticles());
            return ByteBuffer.allocate(8 + header.length + particles.length)
                .putInt(VERSION).putInt(header.length).put(header).put(particles).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        if (!MANIFEST.equals(manifest)) {
            throw new IllegalArgumentException("unknown campaign snapshot manifest '" + manifest + "'");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int version = in.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("campaign snapshot version " + version + " is not supported");
        }
        int len = in.getInt();
        try {
            Header h = CBOR.readValue(bytes, 8, len, Header.class);
            ParticleState particles = null;
            if (h.hasParticles()) {
                byte[] rest = new byte[bytes.length - 8 - len];
                System.arraycopy(bytes, 8 + len, rest, 0, rest.length);
                particles = ParticleCodec.decode(rest);
            }
            return new CampaignState(h.id(), h.lifecycle(), h.baseScene(), h.baseTick(), particles, h.basePending(),
                h.inputsSince(), h.lastSeq(), h.lastTick()).withMeta(h.meta());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
