package io.swarmcast.campaign.serialization;

/** Marker for messages and events serialized with Jackson CBOR (bound in reference.conf). */
public interface CborSerializable {
}
