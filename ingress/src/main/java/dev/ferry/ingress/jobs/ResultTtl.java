package dev.ferry.ingress.jobs;

import dev.ferry.core.error.FerryException;

/** Reads the {@code x-bf-async-job-result-ttl} header: a positive whole number of seconds up to a maximum. */
public final class ResultTtl {

    public static final String HEADER = "x-bf-async-job-result-ttl";

    private final long defaultSeconds;
    private final long maxSeconds;

    public ResultTtl(long defaultSeconds, long maxSeconds) {
        this.defaultSeconds = defaultSeconds;
        this.maxSeconds = maxSeconds;
    }

    /** The TTL in seconds; the default when the header is absent; a 400 for anything but 1..max. */
    public long parse(String header) {
        if (header == null) {
            return defaultSeconds;
        }
        String value = header.trim();
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid();
        }
        long seconds = Long.parseLong(value);
        if (seconds < 1 || seconds > maxSeconds) {
            throw invalid();
        }
        return seconds;
    }

    private FerryException.InvalidRequest invalid() {
        return new FerryException.InvalidRequest(
                HEADER + " must be a whole number of seconds between 1 and " + maxSeconds, HEADER, "invalid_ttl");
    }
}
