package io.prescale.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * The libraries' logs (Quartz, HikariCP, the AWS SDK, the Kubernetes client) on stderr, through Logback, configured
 * in code: a level, text or JSON lines, and every line masked ({@link Secrets}) so no credential reaches a log.
 * Short commands keep them at ERROR; the daemon chooses ({@code --log-level}, {@code --log-format}).
 *
 * <p>Logback starts only when a library first logs: {@link Defaults}, found through Logback's configurator service,
 * sets ERROR then. Starting it on every command would cost {@code --help} a tenth of a second or more (Logback's
 * own default configuration reads the time zone rules, which loads every zone rules provider).
 */
final class Logging {
    static final Level SHORT_COMMANDS = Level.ERROR;

    private Logging() {
    }

    /** Sets the level and format now, starting Logback if it has not started. */
    static void configure(Level level, boolean json) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            configure(ctx, level, json);
        } // else another binding on the class path: leave it as it is
    }

    private static void configure(LoggerContext ctx, Level level, boolean json) {
        ctx.reset();
        MaskingLayout layout = new MaskingLayout(json);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
    }

    /** What Logback is set to when it starts: the short commands' ERROR, as text (registered as a service). */
    public static final class Defaults extends ch.qos.logback.core.spi.ContextAwareBase
            implements ch.qos.logback.classic.spi.Configurator {
        @Override
        public ExecutionStatus configure(LoggerContext ctx) {
            Logging.configure(ctx, SHORT_COMMANDS, false);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }

    /** One line per event, text or JSON, with secrets masked. */
    static final class MaskingLayout extends LayoutBase<ILoggingEvent> {
        private final boolean json;

        MaskingLayout(boolean json) {
            this.json = json;
        }

        @Override
        public String doLayout(ILoggingEvent e) {
            String message = e.getFormattedMessage();
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                message = message + ": " + t.getClassName() + ": " + t.getMessage();
            }
            message = Secrets.mask(message);
            String time = Instant.ofEpochMilli(e.getTimeStamp()).toString();
            if (json) {
                return "{\"time\":\"" + time + "\",\"level\":\"" + e.getLevel() + "\",\"logger\":"
                        + io.prescale.schedules.DaemonLog.quote(e.getLoggerName()) + ",\"message\":"
                        + io.prescale.schedules.DaemonLog.quote(message) + "}\n";
            }
            return time + " " + String.format("%-5s", e.getLevel()) + " " + e.getLoggerName() + ": " + message + "\n";
        }
    }
}
