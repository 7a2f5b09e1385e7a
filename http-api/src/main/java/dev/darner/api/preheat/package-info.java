/**
 * Preheat over HTTP: {@code POST /api/v1/preheat} resolves an image reference to the blobs of the
 * requested platforms, or takes a file URL, and asks the seed peer of every AZ to fetch each task
 * before anyone needs it; {@code GET /api/v1/preheat/{id}} shows the job's progress. Jobs run as
 * actors on the node that accepted them and are held in its memory only. What the node must supply
 * (the AZs, asking a seed) is the small interface {@link dev.darner.api.preheat.PreheatSeeds}.
 */
package dev.darner.api.preheat;
