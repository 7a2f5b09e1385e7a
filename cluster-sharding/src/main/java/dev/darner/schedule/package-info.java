/**
 * The AZ scheduler, a cluster singleton per AZ, and the scheduling rules it and the coordinators
 * call: parent ranking, seed choice by rendezvous hashing, the block list and the cross-AZ policy.
 */
package dev.darner.schedule;
