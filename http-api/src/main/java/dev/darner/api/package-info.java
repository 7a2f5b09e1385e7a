/**
 * The HTTP edge of a node: the download API, health, and the one place where failures become HTTP
 * statuses. It declares what it needs from the node as small interfaces ({@link
 * dev.darner.api.DownloadService}) and never depends on the node module.
 */
package dev.darner.api;
