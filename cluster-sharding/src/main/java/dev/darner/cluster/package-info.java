/**
 * What a node calls to take part in the cluster: {@link dev.darner.cluster.TaskCoordination} for
 * registering and reporting, heartbeats, the seed agent, the settings, and the cluster overview the
 * HTTP API shows. Its method signatures carry no Pekko types besides {@code CompletionStage}.
 */
package dev.darner.cluster;
