package dev.ferry.providers;

import java.util.Objects;

/** How a streamed provider call ended; see {@link ProviderClient#streamResponse}. */
public sealed interface StreamOutcome {

    /** How many events the listener was given before the end. */
    long events();

    /** The provider sent a terminal event ({@code response.completed}, {@code response.failed},
     * {@code response.incomplete} or {@code error}) and ended the stream. */
    record Completed(long events) implements StreamOutcome {
    }

    /**
     * The call failed. With {@code events == 0} nothing was streamed yet and the failure can still be answered as a
     * plain HTTP error with the provider's status; otherwise the stream broke off after the events already given.
     */
    record Failed(ProviderOutcome.Failure failure, long events) implements StreamOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        public boolean beforeFirstEvent() {
            return events == 0;
        }
    }
}
