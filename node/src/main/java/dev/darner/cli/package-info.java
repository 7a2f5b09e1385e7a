/**
 * The {@code darner} command line: running a node, fetching through it, and managing the cluster.
 * Each command is a small picocli class; {@link dev.darner.cli.ExitCodes} is the one place where
 * outcomes become exit codes.
 */
package dev.darner.cli;
