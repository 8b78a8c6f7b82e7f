package com.sendsummary.simulator.faults;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What makes an {@code oversized} Retrieve answer large. Each shape grows one dimension of the XML without end, so
 * that a client with explicit parser limits is stopped by exactly one of them: the total size, the element count, the
 * children of one element, one text, one attribute or the nesting depth.
 */
public enum OversizeShape {
    /** Results of 256 KiB each (one long EmailName): only the total size grows past any limit. */
    SIZE("size"),
    /** Results of 98 small elements each (32 PartnerProperties): the element count grows, bytes and depth do not. */
    ELEMENTS("elements"),
    /** Tiny Results, one after the other: the children of RetrieveResponseMsg grow. */
    CHILDREN("children"),
    /** One Results whose EmailName text never ends. */
    TEXT("text"),
    /** One Results with an attribute whose value never ends. */
    ATTRIBUTE("attribute"),
    /** One Results with unknown elements nested inside each other without end. */
    DEPTH("depth");

    private final String wireName;

    OversizeShape(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static OversizeShape fromWireName(String name) {
        return Arrays.stream(values())
                .filter(shape -> shape.wireName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown oversize shape '" + name
                        + "'; expected one of "
                        + Arrays.stream(values()).map(OversizeShape::wireName).collect(Collectors.joining(", "))));
    }
}
