package dev.darner.cli;

/** The exit codes of every {@code darner} command, so that scripts can tell failures apart. */
public final class ExitCodes {

  /** The command did what it was asked. */
  public static final int OK = 0;

  /** The download or operation failed: the origin, the content or the node said no. */
  public static final int FAILED = 1;

  /** The command line or its input is wrong; nothing was tried. */
  public static final int USAGE = 2;

  /** No node answered, and none could be started. */
  public static final int NODE_UNREACHABLE = 3;

  private ExitCodes() {}
}
