package com.sendsummary.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson mapper of the functions: ISO-8601 UTC instants, unknown properties ignored on read; and the
 * stricter reader of request bodies sent by callers.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /**
     * Reads a caller's request body into a tree: a duplicate key, trailing content, nesting deeper than 8, a string
     * or field name longer than 1,000 characters, a number longer than 100 digits or a document longer than 64 KiB
     * is an error (an {@link java.io.IOException}) rather than work or memory spent on it.
     */
    public static final ObjectReader REQUEST_BODY = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(1_000)
                    .maxNameLength(1_000)
                    .maxNumberLength(100)
                    .maxDocumentLength(64 * 1024)
                    .build())
            .build())
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
