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
}
