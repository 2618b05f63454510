package dev.ferry.core.batch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A batch's status, spelled as OpenAI's Batch API spells it. */
public enum BatchStatus {
    VALIDATING("validating", false),
    FAILED("failed", true),
    IN_PROGRESS("in_progress", false),
    FINALIZING("finalizing", false),
    COMPLETED("completed", true),
    EXPIRED("expired", true),
    CANCELLING("cancelling", false),
    CANCELLED("cancelled", true);

    private final String wire;
    private final boolean terminal;

    BatchStatus(String wire, boolean terminal) {
        this.wire = wire;
        this.terminal = terminal;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return terminal;
    }

    @JsonCreator
    public static BatchStatus fromWire(String value) {
        for (BatchStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown batch status: " + value);
    }
}
