package dev.ferry.embeddedkafka;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Kafka from ending the JVM while an embedded broker shuts down. Kafka's fatal-fault handlers and threads call
 * {@code Exit.exit}/{@code Exit.halt}, which are {@code System.exit}/{@code Runtime.halt} by default; inside the guard
 * they log and throw instead, ending only the calling thread. The procedures are JVM-wide and Kafka offers no getter,
 * so afterwards they are reset to Kafka's defaults.
 */
final class ExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);

    private ExitGuard() {
    }

    /** Runs {@code action} with Kafka's exit and halt procedures replaced. */
    static synchronized void run(Runnable action) {
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        try {
            action.run();
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String what, int status, String message) {
        LOG.warn("Kafka asked to {} the JVM with status {} ({}) while the embedded broker stopped; ignored",
                what, status, message);
        throw new IllegalStateException("embedded Kafka tried to " + what + " the JVM with status " + status);
    }
}
