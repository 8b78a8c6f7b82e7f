package com.sendsummary.cursor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Cursor codecs under fixed test keys. */
public final class TestCursors {
    /** The codec of the tests' deployment. */
    public static final CursorCodec CODEC = codec("the tests' deployment");
    /** The codec of another deployment (another key): its cursors are not ours. */
    public static final CursorCodec OTHER_DEPLOYMENT = codec("another deployment");

    private TestCursors() {
    }

    private static CursorCodec codec(String seed) {
        byte[] key = Arrays.copyOf(seed.getBytes(StandardCharsets.UTF_8), 32);
        return new CursorCodec(() -> key);
    }
}
