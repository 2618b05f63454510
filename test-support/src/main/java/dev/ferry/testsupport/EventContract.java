package dev.ferry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Ferry's published event contract (the JSON Schemas the events module ships under {@code ferry-events/schemas}),
 * checked with networknt's JSON Schema validator (draft 2020-12). Tests hold every event Ferry writes against it, so
 * the document cannot drift from the code.
 */
public final class EventContract {

    public static final String JOB_EVENT = "job-event.v1.json";
    public static final String BATCH_EVENT = "batch-event.v1.json";
    public static final String HEADERS = "event-headers.v1.json";
    private static final Map<String, String> SCHEMA_BY_URI = Map.of(
            "https://ferry.dev/schemas/job-event.v1.json", JOB_EVENT,
            "https://ferry.dev/schemas/batch-event.v1.json", BATCH_EVENT);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Schema> schemas;

    private EventContract(Map<String, Schema> schemas) {
        this.schemas = schemas;
    }

    public static EventContract load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        return new EventContract(Map.of(JOB_EVENT, schema(registry, JOB_EVENT), BATCH_EVENT,
                schema(registry, BATCH_EVENT), HEADERS, schema(registry, HEADERS)));
    }

    private static Schema schema(SchemaRegistry registry, String file) {
        try (InputStream in = EventContract.class.getResourceAsStream("/ferry-events/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("ferry-events/schemas/" + file + " is not on the classpath");
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code value} against schema {@code file}; empty when it conforms. */
    public List<String> violations(String file, JsonNode value) {
        return schemas.get(file).validate(value).stream().map(error -> error.toString()).toList();
    }

    /** What is wrong with a record of a public topic: its {@code ce_*} headers and its value. */
    public List<String> violations(ConsumerRecord<String, byte[]> record) {
        List<String> problems = new ArrayList<>();
        ObjectNode headers = mapper.createObjectNode();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        violations(HEADERS, headers).forEach(problem -> problems.add("headers: " + problem));
        String schema = SCHEMA_BY_URI.get(headers.path("ce_dataschema").asText());
        if (schema == null) {
            return problems;
        }
        try {
            JsonNode value = mapper.readTree(record.value());
            violations(schema, value).forEach(problem -> problems.add("value: " + problem));
            if (!value.path("id").asText().equals(headers.path("ce_id").asText())) {
                problems.add("the value's id is not ce_id");
            }
            if (record.key() == null || !record.key().equals(headers.path("ce_subject").asText())) {
                problems.add("the key is not ce_subject");
            }
        } catch (IOException e) {
            problems.add("value: not JSON: " + e.getMessage());
        }
        return problems;
    }

    /** Every record of {@code topic} up to its end when called. */
    public static List<ConsumerRecord<String, byte[]>> readTopic(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
