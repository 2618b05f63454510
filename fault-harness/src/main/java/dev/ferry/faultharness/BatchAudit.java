package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
 * Checks one batch after its fault: every {@code custom_id} of the input appears exactly once across the output and
 * error files, nothing else does, and the batch lane holds each of the batch's line jobs once (expansion neither lost
 * nor duplicated a line, even when its gateway was killed midway).
 */
final class BatchAudit {

    /** What the audit found. */
    record Result(String status, int total, int completed, int failed, int outputLines, int errorLines,
            int missing, int duplicated, int unexpected, int laneRecords, int laneDuplicates, List<String> samples) {

        boolean holds(int lines) {
            return status.equals("completed") && total == lines && missing == 0 && duplicated == 0
                    && unexpected == 0 && laneDuplicates == 0 && laneRecords == lines;
        }
    }

    private final BatchClient client;
    private final ObjectMapper mapper;
    private final String bootstrapServers;

    BatchAudit(BatchClient client, ObjectMapper mapper, String bootstrapServers) {
        this.client = client;
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
    }

    Result run(JsonNode batch, int lines, String laneTopic, Duration timeout) throws IOException, InterruptedException {
        Map<String, Integer> seen = new HashMap<>();
        int outputLines = count(batch, "output_file_id", seen, timeout);
        int errorLines = count(batch, "error_file_id", seen, timeout);
        int missing = 0;
        int duplicated = 0;
        List<String> samples = new java.util.ArrayList<>();
        for (int i = 0; i < lines; i++) {
            Integer times = seen.remove("line-" + i);
            if (times == null) {
                missing++;
                sample(samples, "line-" + i + " is in neither file");
            } else if (times > 1) {
                duplicated++;
                sample(samples, "line-" + i + " appears " + times + " times");
            }
        }
        seen.keySet().forEach(id -> sample(samples, "unexpected custom_id " + id));
        Map<String, Integer> lane = laneRecords(laneTopic, batch.path("id").asText());
        int laneDuplicates = (int) lane.values().stream().filter(n -> n > 1).count();
        JsonNode counts = batch.path("request_counts");
        return new Result(batch.path("status").asText(), counts.path("total").asInt(), counts.path("completed").asInt(),
                counts.path("failed").asInt(), outputLines, errorLines, missing, duplicated, seen.size(),
                lane.size(), laneDuplicates, List.copyOf(samples));
    }

    private int count(JsonNode batch, String field, Map<String, Integer> seen, Duration timeout)
            throws IOException, InterruptedException {
        if (!batch.hasNonNull(field)) {
            return 0;
        }
        int lines = 0;
        for (String line : client.content(batch.path(field).asText(), timeout).split("\n")) {
            if (!line.isBlank()) {
                lines++;
                seen.merge(mapper.readTree(line).path("custom_id").asText(), 1, Integer::sum);
            }
        }
        return lines;
    }

    /** How many times each of the batch's line jobs is on the batch lane. */
    private Map<String, Integer> laneRecords(String topic, String batchId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, Integer> keys = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header batch = record.headers().lastHeader("ferry-batch-id");
                    if (batch != null && batchId.equals(new String(batch.value(), StandardCharsets.UTF_8))) {
                        keys.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return keys;
    }

    private static void sample(List<String> samples, String text) {
        if (samples.size() < 5) {
            samples.add(text);
        }
    }
}
