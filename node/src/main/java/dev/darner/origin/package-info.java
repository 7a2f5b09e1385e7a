/**
 * Back-to-source: reading a task's content from its origin. {@link dev.darner.origin.Origin} is
 * what the download orchestration asks for a byte range of a URL; {@link
 * dev.darner.origin.HttpOrigin} answers it from HTTP(S) servers with the Pekko HTTP client, using
 * range requests when the origin supports them, following redirects, retrying transient failures
 * with backoff, and failing with an {@link dev.darner.origin.OriginException} whose kind says what
 * went wrong. The caller's credentials travel to the origin with each request and nowhere else.
 */
package dev.darner.origin;
