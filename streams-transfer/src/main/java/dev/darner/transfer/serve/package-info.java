/**
 * The parent side of piece transfer: the piece server on the piece port, what it reads pieces from
 * ({@link dev.darner.transfer.serve.LocalPieces}, implemented by the node over its piece store),
 * the memory cache of recently received pieces in front of it, and the per-host upload limits.
 */
package dev.darner.transfer.serve;
