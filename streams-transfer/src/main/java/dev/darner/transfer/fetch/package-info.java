/**
 * The child side of piece transfer: the piece client that fetches verified pieces from parents over
 * one reused connection per parent, the typed failures that tell the node which parent to report
 * and replace, and the planner that chooses which piece to ask which parent for next.
 */
package dev.darner.transfer.fetch;
