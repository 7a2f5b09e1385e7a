/**
 * Piece transfer between peers: a parent's piece server and a child's piece client, speaking the
 * framed protocol of {@code docs/protocol.md} over Pekko Streams TCP, optionally with TLS. This
 * package holds what both sides share: the settings and the verified piece.
 */
package dev.darner.transfer;
