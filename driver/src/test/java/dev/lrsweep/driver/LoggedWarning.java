package dev.lrsweep.driver;

import org.slf4j.LoggerFactory;

/**
 * A JVM that logs one warning with a trace through the logger named by its first argument, with the message
 * of its second, and exits: what the project's logging configuration lets through, seen on a real console.
 */
final class LoggedWarning {
    private LoggedWarning() {
    }

    public static void main(String[] args) {
        LoggerFactory.getLogger(args[0]).warn(args[1], new IllegalStateException("logged by a test"));
    }
}
