package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.faults.GeneratedBody;
import com.sendsummary.simulator.faults.OversizeShape;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code oversized} fault action on Retrieve: the real answer with endless content before the end tag of its
 * RetrieveResponseMsg, grown in one {@link OversizeShape}. Every added element declares its own namespaces, so the
 * answer stays well-formed, and namespace-valid whatever prefixes the real answer uses.
 */
final class OversizedRetrieve {

    private static final String RESULTS = "<Results xmlns=\"" + Namespaces.PARTNER + "\" xmlns:xsi=\"" + Namespaces.XSI
            + "\" xsi:type=\"Send\"";
    private static final String ID = "<ID>910001</ID>";
    private static final String PARTNER_PROPERTY =
            "<PartnerProperties><Name>Oversized</Name><Value>1</Value></PartnerProperties>";
    private static final int SIZE_TEXT_CHARS = 256 * 1024;
    private static final int ELEMENTS_PROPERTIES = 32;
    private static final int PIECE_CHARS = 64 * 1024;

    private OversizedRetrieve() {
    }

    /** The oversized body around {@code original}, or empty when it holds no RetrieveResponseMsg (a fault). */
    static Optional<GeneratedBody> around(byte[] original, OversizeShape shape, long sizeBytes) {
        String text = new String(original, StandardCharsets.UTF_8);
        int name = text.lastIndexOf("RetrieveResponseMsg>");
        int endTag = name < 0 ? -1 : text.lastIndexOf("</", name);
        if (endTag < 0) {
            return Optional.empty();
        }
        String before = text.substring(0, endTag);
        String after = text.substring(endTag);
        String piece = "x".repeat(PIECE_CHARS);
        return Optional.of(switch (shape) {
            case SIZE -> GeneratedBody.ofSize(before, RESULTS + ">" + ID + "<EmailName>" + "x".repeat(SIZE_TEXT_CHARS)
                    + "</EmailName></Results>", "", after, sizeBytes);
            case ELEMENTS -> GeneratedBody.ofSize(before, RESULTS + ">" + PARTNER_PROPERTY.repeat(ELEMENTS_PROPERTIES)
                    + ID + "</Results>", "", after, sizeBytes);
            case CHILDREN -> GeneratedBody.ofSize(before, RESULTS + ">" + ID + "</Results>", "", after, sizeBytes);
            case TEXT -> GeneratedBody.ofSize(before + RESULTS + ">" + ID + "<EmailName>", piece, "",
                    "</EmailName></Results>" + after, sizeBytes);
            case ATTRIBUTE -> GeneratedBody.ofSize(before + RESULTS + " Note=\"", piece, "",
                    "\">" + ID + "</Results>" + after, sizeBytes);
            case DEPTH -> GeneratedBody.ofSize(before + RESULTS + ">" + ID, "<Deeper>", "</Deeper>",
                    "</Results>" + after, sizeBytes);
        });
    }
}
