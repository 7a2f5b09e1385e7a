/**
 * Download orchestration: one actor per task in flight that fetches the task's missing pieces,
 * verifies them, stores them and tells the clients reading the task when each piece is ready.
 * Clients read the bytes from the store, in order, as the pieces arrive.
 */
package dev.darner.download;
