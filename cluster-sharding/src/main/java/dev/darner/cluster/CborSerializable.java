package dev.darner.cluster;

/**
 * Marks a message that crosses the cluster. {@code reference.conf} binds it to Jackson CBOR, and
 * Java serialization is off, so a message without it fails loudly instead of leaking a JVM
 * reference.
 */
public interface CborSerializable {}
