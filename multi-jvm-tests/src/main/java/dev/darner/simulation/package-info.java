/**
 * Simulation runs: many simulated hosts in several AZs, a simulated network and simulated time,
 * driving the real coordinator rules, seed choice, host table and block list, to measure what a
 * swarm costs the origin and how close its completion times come to the ideal.
 */
package dev.darner.simulation;
