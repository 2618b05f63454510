package dev.ferry.providers;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Receives the events of one streamed answer, see {@link ProviderClient#streamResponse}. */
@FunctionalInterface
public interface StreamListener {

    /**
     * Takes the next event. Calls come one at a time, in the order the provider sent the events, on the HTTP client's
     * threads, so an implementation must not block. A call racing with the end of the stream (a cancel, a timeout) may
     * still arrive after the stream's future completed.
     *
     * @return completes when the listener is ready for the next event; nothing more is read from the provider until
     *     then, which is how a slow client holds the provider back without buffering
     */
    CompletionStage<?> onEvent(StreamEvent event);

    /**
     * Called once, before the first event, when the provider opened the stream: the headers a client may use
     * ({@code x-request-id}, {@code x-ratelimit-*}), lower-case names.
     */
    default void onOpen(Map<String, String> providerHeaders) {
    }
}
