package dev.darner.storage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's log lines out of the console during a test, so a passing test that provokes a
 * warning on purpose stays quiet, and lets the test check what was logged.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.darner.storage");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.list.clear();
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(appender);
    logger.setAdditive(true);
    appender.stop();
  }

  /** Returns the formatted messages logged so far. */
  List<String> messages() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
