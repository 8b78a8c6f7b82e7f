package com.sendsummary.simulator.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a data file from disk or from the classpath ({@code classpath:demo-data.json}); several, separated by commas
 * ({@code classpath:demo-data.json,classpath:large-send.json}), load as one file written in that order.
 */
public final class DataLoader {

    public static final String CLASSPATH_PREFIX = "classpath:";

    private DataLoader() {
    }

    public static DataSet load(String sources, ObjectMapper mapper) {
        DataFile file = new DataFile(null, null, null, null, null, null, null);
        for (String source : sources.split(",")) {
            file = file.plus(read(source.trim(), mapper));
        }
        try {
            return DataSet.from(file, mapper);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid simulator data " + sources + ": " + e.getMessage(), e);
        }
    }

    private static DataFile read(String source, ObjectMapper mapper) {
        try (InputStream in = open(source)) {
            return mapper.readValue(in, DataFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read simulator data " + source + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String source) throws IOException {
        if (source.startsWith(CLASSPATH_PREFIX)) {
            String resource = source.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
            InputStream in = DataLoader.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(source));
    }
}
