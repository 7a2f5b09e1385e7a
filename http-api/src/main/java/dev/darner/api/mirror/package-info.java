/**
 * The registry mirror that containerd pulls through ({@code /v2/}): blobs become tasks named by
 * their digest and travel peer-to-peer, manifests and tag lookups pass through to the upstream
 * registry, and the registry itself decides, credential by credential, who may read what.
 */
package dev.darner.api.mirror;
