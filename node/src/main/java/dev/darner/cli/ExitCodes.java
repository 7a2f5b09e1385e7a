package dev.darner.cli;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * The exit codes of every {@code darner} command, so that scripts can tell failures apart, and the
 * one place where failures become exit codes.
 */
public final class ExitCodes {

  /** The command did what it was asked. */
  public static final int OK = 0;

  /** The download or operation failed: the origin, the content or the node said no. */
  public static final int FAILED = 1;

  /** The command line or its input is wrong; nothing was tried. */
  public static final int USAGE = 2;

  /** No node answered, and none could be started. */
  public static final int NODE_UNREACHABLE = 3;

  /** The task or member named does not exist. */
  public static final int NOT_FOUND = 4;

  /** The node refused: no API token, or a wrong one. */
  public static final int DENIED = 5;

  /** The thing named is in use and cannot be changed now; trying again later may work. */
  public static final int CONFLICT = 6;

  private ExitCodes() {}

  /** Returns the exit code of a node's answer with HTTP status {@code status}. */
  public static int ofStatus(int status) {
    return switch (status) {
      case 200, 201, 202, 204 -> OK;
      case 400 -> USAGE;
      case 401, 403 -> DENIED;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      default -> FAILED;
    };
  }

  /** Returns the exit code of a command that failed with {@code failure}. */
  public static int of(Throwable failure) {
    if (failure instanceof NodeAnswer.Refused refused) {
      return ofStatus(refused.status());
    }
    if (failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException) {
      return NODE_UNREACHABLE;
    }
    if (failure instanceof IllegalArgumentException) {
      return USAGE;
    }
    return FAILED;
  }
}
