package dev.ferry.bench.http;

import dev.ferry.providers.ProviderHttpClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A JSON POST through Ferry's provider client with the whole answer buffered under a total timeout, the way a
 * synchronous provider call uses the client: how the bench's provider-client target and its floors call the mock.
 */
public final class BufferedPost {

    private static final long TIMEOUT_MS = 30_000;
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /** What came back. */
    public record Answer(int status, byte[] body) {
    }

    private BufferedPost() {
    }

    /** Sends {@code body} to {@code uri}; the future fails if the exchange does. */
    public static CompletableFuture<Answer> send(ProviderHttpClient client, URI uri, byte[] body) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        client.newRequest(uri)
                .method(HttpMethod.POST)
                .body(new BytesRequestContent("application/json", body))
                .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(MAX_ANSWER_BYTES) {
                    @Override
                    public void onComplete(Result result) {
                        if (result.isFailed()) {
                            answer.completeExceptionally(result.getFailure());
                        } else {
                            answer.complete(new Answer(result.getResponse().getStatus(), getContent()));
                        }
                    }
                });
        return answer;
    }
}
