/**
 * Rate limits shared by many streams: one token bucket per host and direction, and a stream
 * operator that waits on it, so that all connections of a host together keep to one rate.
 */
package dev.darner.transfer.limit;
