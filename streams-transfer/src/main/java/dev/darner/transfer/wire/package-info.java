/**
 * The wire form of the piece protocol: length-prefixed Protobuf frames, and raw piece bytes after
 * each piece header. Encoding and decoding only; what a frame means is up to the server and the
 * client.
 */
package dev.darner.transfer.wire;
