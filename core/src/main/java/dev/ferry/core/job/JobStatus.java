package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A job's status, spelled on the wire with OpenAI's Responses API values. */
public enum JobStatus {
    QUEUED("queued", false),
    IN_PROGRESS("in_progress", false),
    COMPLETED("completed", true),
    FAILED("failed", true),
    CANCELLED("cancelled", true),
    INCOMPLETE("incomplete", true),
    /** Deleted by its owner: kept only until swept, so that late events cannot bring it back; never shown. */
    DELETED("deleted", true);

    private final String wire;
    private final boolean terminal;

    JobStatus(String wire, boolean terminal) {
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
    public static JobStatus fromWire(String value) {
        for (JobStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status: " + value);
    }
}
