package com.sendsummary.simulator.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sendsummary.simulator.SfmcTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The Jackson setup for data files and admin bodies: relative dates, ISO durations, strict but "_comment"-friendly. */
public final class SimulatorJson {

    private SimulatorJson() {
    }

    /** A mapper reading dates as ISO instants or relative to {@code now} ("now-PT2H"). */
    public static ObjectMapper mapper(Instant now) {
        SimpleModule time = new SimpleModule("simulator-time");
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                try {
                    return text == null || text.isBlank() ? null : SfmcTime.parseRelative(text, now);
                } catch (DateTimeParseException e) {
                    return (Instant) context.handleWeirdStringValue(Instant.class, text,
                            "expected an ISO date-time or now[+-]<ISO duration>");
                }
            }
        });
        time.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                try {
                    return text == null || text.isBlank() ? null : Duration.parse(text.trim());
                } catch (DateTimeParseException e) {
                    return (Duration) context.handleWeirdStringValue(Duration.class, text,
                            "expected an ISO-8601 duration such as PT72H");
                }
            }
        });
        time.addSerializer(Instant.class, ToStringSerializer.instance);
        time.addSerializer(Duration.class, ToStringSerializer.instance);
        return JsonMapper.builder()
                .addModule(time)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addHandler(new DeserializationProblemHandler() {
                    @Override
                    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                                         JsonDeserializer<?> deserializer, Object bean,
                                                         String propertyName) throws IOException {
                        // Keys starting with "_" are comments in data files.
                        if (propertyName.startsWith("_")) {
                            parser.skipChildren();
                            return true;
                        }
                        return false;
                    }
                })
                .build();
    }
}
