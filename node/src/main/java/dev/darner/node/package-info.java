/**
 * The node process: its settings, the wiring of every module into one running node, and its orderly
 * shutdown. This is the composition root; nothing else depends on it.
 */
package dev.darner.node;
