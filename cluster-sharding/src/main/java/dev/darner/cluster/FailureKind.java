package dev.darner.cluster;

/** Says how a parent failed a child, which decides how hard the block list counts it. */
public enum FailureKind {
  /** The parent could not be reached or dropped the connection. */
  UNREACHABLE,
  /** The parent took too long to deliver a piece. */
  TIMED_OUT,
  /** The parent refused the request, usually for want of an upload slot. */
  REFUSED,
  /** The parent delivered a piece whose checksum did not match: a corrupt disk or a lying peer. */
  BAD_PIECE
}
