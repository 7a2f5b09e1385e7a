package dev.darner.api;

import java.util.concurrent.CompletionStage;

/**
 * Starts or joins the download of a task and hands back a way to read its content. Implemented by
 * the node; called by the HTTP routes.
 */
public interface DownloadService {

  /**
   * Returns the download of the content {@code request} names, once its length is known. The stage
   * fails with a {@link DownloadFailure} when the request is refused or the content cannot be had.
   */
  CompletionStage<Download> open(DownloadRequest request);

  /**
   * Returns the download of the content {@code request} names, like {@link #open}, for a client
   * that reads only a range of it: the node fetches only the pieces that reads wait for, unless
   * another client of the task reads it whole. A lazily loading image format reading 4 KiB of a
   * large layer so costs the origin a piece, not the layer.
   */
  default CompletionStage<Download> openForRange(DownloadRequest request) {
    return open(request);
  }
}
