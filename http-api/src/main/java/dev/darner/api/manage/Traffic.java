package dev.darner.api.manage;

/**
 * The bytes a node moved since it started, by where they came from and where they went.
 *
 * @param originBytes fetched from origins (back-to-source)
 * @param peerBytes fetched from peers of this host's AZ
 * @param crossAzBytes fetched from peers of other AZs
 * @param localBytes served to clients from tasks the store held whole
 * @param uploadedBytes sent to other peers
 */
public record Traffic(
    long originBytes, long peerBytes, long crossAzBytes, long localBytes, long uploadedBytes) {

  /** Returns the bytes that reached this node's clients or store: every source but uploads. */
  public long totalBytes() {
    return originBytes + peerBytes + crossAzBytes + localBytes;
  }
}
