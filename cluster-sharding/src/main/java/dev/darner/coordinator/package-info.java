/**
 * Task coordinators: one sharded entity per task per AZ, whose rules live in a plain class so that
 * tests, the benchmark and the simulation runs drive them without actors.
 */
package dev.darner.coordinator;
