/**
 * The piece store: one sparse data file per task, written at piece offsets, with metadata and an
 * append-only journal of committed pieces beside it, so that a node killed at any moment resumes
 * its half-done tasks without fetching stored pieces again. It also owns the disk quota and the
 * garbage collection that keeps the store within it. The on-disk layout and the durability rules
 * are described in {@code docs/storage.md}.
 */
package dev.darner.storage;
