package dev.ferry.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Writes CloudEvents 1.0 in the Kafka protocol binding's binary mode with the CloudEvents Java SDK: the attributes go
 * to {@code ce_*} headers ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time},
 * {@code ce_subject}, {@code ce_dataschema}) and {@code content-type}; the record's value is the JSON data itself, so
 * a consumer that ignores headers still reads plain JSON.
 */
final class CloudEventEncoding {

    static final String TYPE_HEADER = "ce_type";
    static final String JSON = "application/json";

    private final CloudEventSerializer serializer = new CloudEventSerializer();

    CloudEventEncoding() {
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
    }

    /** One event's attributes. */
    record Attributes(String id, URI source, String type, long atMs, String subject, URI dataSchema) {
    }

    /** Adds the attributes to {@code headers} and returns the value: {@code data} unchanged. */
    byte[] write(String topic, Headers headers, Attributes attributes, byte[] data) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(attributes.id())
                .withSource(attributes.source())
                .withType(attributes.type())
                .withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(attributes.atMs()), ZoneOffset.UTC))
                .withSubject(attributes.subject())
                .withDataSchema(attributes.dataSchema())
                .withDataContentType(JSON)
                .withData(data)
                .build();
        return serializer.serialize(topic, headers, event);
    }

    /** The {@code ce_type} of a record, or null when it has none (it is not a CloudEvent). */
    static String type(Headers headers) {
        Header header = headers.lastHeader(TYPE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
