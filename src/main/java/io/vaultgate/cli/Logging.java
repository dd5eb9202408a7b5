package io.vaultgate.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Selects the log format: {@code text} (logback.xml) or {@code json} (logback-json.xml, one object per line). */
final class Logging {

  private Logging() {
  }

  static void configure(String format) {
    String resource = switch (format == null ? "text" : format.trim().toLowerCase(Locale.ROOT)) {
      case "text", "" -> "/logback.xml";
      case "json" -> "/logback-json.xml";
      default -> throw new CommandLine.TypeConversionException("log format '" + format + "' is not text or json");
    };
    URL config = Logging.class.getResource(resource);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + resource, e);
    }
  }
}
