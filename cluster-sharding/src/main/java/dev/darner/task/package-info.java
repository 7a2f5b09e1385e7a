/**
 * The task model every module shares: task ids, content digests, the layout of a task's pieces and
 * host ids. It holds values only; the coordinators that act on them live beside it in this module.
 */
package dev.darner.task;
