package dev.ferry.bench.system;

import dev.ferry.bench.target.KafkaProduceTarget;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under an async submit as a whole: the smallest Javalin server that writes the request body unread, under
 * a new id, to a topic with a producer configured as Ferry's ingress producer is, and answers 200 with the id once
 * Kafka acknowledged the record, the handler released while it waits (as Ferry's is). No JSON parsed, no validation,
 * no envelope headers, and the answer is written on the producer's I/O thread, which Ferry avoids on purpose (a slow
 * client must not stall its producer): a little cheaper than any gateway that answers after the acknowledgement can
 * safely be. Its topic is the one {@link StoreFoldFloor} folds, so the store's share is counted in as well.
 */
public final class SubmitFloorServer implements AutoCloseable {

    private static final String ANSWER = "{\"id\":\"%s\",\"object\":\"response\",\"status\":\"queued\"}";

    private final Producer<String, byte[]> producer;
    private final Javalin javalin;

    private SubmitFloorServer(Producer<String, byte[]> producer, Javalin javalin) {
        this.producer = producer;
        this.javalin = javalin;
    }

    /** Serves {@code POST /openai/v1/responses}, each body written to {@code topic}. */
    public static SubmitFloorServer start(String bootstrapServers, String topic, int maxRequestBytes) {
        Producer<String, byte[]> producer = new KafkaProducer<>(
                KafkaProduceTarget.producerProperties(bootstrapServers, "bench-submit-floor", maxRequestBytes),
                new StringSerializer(), new ByteArraySerializer());
        Javalin javalin = Javalin.create(cfg -> {
            cfg.routes.post("/openai/v1/responses", ctx -> ctx.future(() -> produce(producer, topic, ctx)));
            cfg.startup.showJavalinBanner = false;
        }).start("127.0.0.1", 0);
        return new SubmitFloorServer(producer, javalin);
    }

    private static CompletableFuture<Void> produce(Producer<String, byte[]> producer, String topic, Context ctx) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, id, ctx.bodyAsBytes()), (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
                return;
            }
            ctx.header("x-bf-async-id", id).contentType("application/json").result(ANSWER.formatted(id));
            acknowledged.complete(null);
        });
        return acknowledged;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        producer.close(Duration.ofSeconds(10));
    }
}
