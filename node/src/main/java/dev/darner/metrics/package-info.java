/**
 * The node's metrics: one Micrometer registry in Prometheus format, a small API the download and
 * transfer code call as bytes and pieces move, and the traffic split that {@code darner stat}
 * shows.
 */
package dev.darner.metrics;
