package dev.ferry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

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

    /**
     * Writes events as {@code json} with the {@code attributes} in headers; a write without headers is refused.
     *
     * @param noun what the events are about ({@code job}, {@code batch}), for error messages
     */
    <T> Serializer<T> serializer(ObjectMapper mapper, String noun, Function<T, ? extends JsonNode> json,
            Function<T, Attributes> attributes) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T event) {
                throw new SerializationException(noun + " events are written with their CloudEvents headers");
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T event) {
                if (event == null) {
                    return null;
                }
                Attributes attributesOfEvent = attributes.apply(event);
                try {
                    return write(topic, headers, attributesOfEvent, mapper.writeValueAsBytes(json.apply(event)));
                } catch (IOException e) {
                    throw new SerializationException("cannot write an event of " + noun + " "
                            + attributesOfEvent.subject(), e);
                }
            }
        };
    }

    /** Builds an event from its JSON value's bytes. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(byte[] value) throws IOException;
    }

    /** Reads events from their JSON value alone, with {@code fromValue}. */
    static <T> Deserializer<T> deserializer(String noun, ValueReader<T> fromValue) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return fromValue.read(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Could not read a " + noun + " event from " + topic, e);
            }
        };
    }

    /** The {@code ce_type} of a record, or null when it has none (it is not a CloudEvent). */
    static String type(Headers headers) {
        Header header = headers.lastHeader(TYPE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
