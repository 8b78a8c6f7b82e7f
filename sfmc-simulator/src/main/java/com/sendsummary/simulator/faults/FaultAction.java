package com.sendsummary.simulator.faults;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What an injected fault does to a matching request. */
public enum FaultAction {
    /** Sleep {@code delayMillis}, then answer normally. */
    DELAY("delay", true),
    /** HTTP 500 with an HTML body and no SOAP envelope (SFMC throttling). */
    HTTP500("http500", true),
    /** soap:Server fault with an apifault detail (Code, Message, LogID). */
    SOAP_FAULT("soapFault", false),
    /** HTTP 200 with OverallStatus {@code Error: <message>}. */
    ERROR_STATUS("errorStatus", false),
    /** HTTP 200 with a truncated body. */
    MALFORMED("malformed", true),
    /** Unknown elements ({@code ErrorCodeId}) inside RetrieveResponseMsg and every Results. */
    UNKNOWN_ELEMENTS("unknownElements", false),
    /** An extra Results with an xsi:type that is not in the WSDL. */
    UNKNOWN_RESULT_TYPE("unknownResultType", false),
    /** Retrieve: security fault "Login failed"; token: 401 invalid_client. */
    AUTH_FAULT("authFault", true),
    /**
     * The normal response, sent slowly: status and headers (with Content-Length) at once, then the body in pieces of
     * {@code chunkBytes}, each flushed after a pause of {@code delayMillis}.
     */
    TRICKLE("trickle", true),
    /**
     * HTTP 200 with a well-formed answer of about {@code sizeBytes} (default 1 GiB), generated while it is written
     * without a Content-Length, never held in memory: Retrieve gets the real answer grown in one
     * {@link OversizeShape}; token gets token JSON whose {@code access_token} is that long.
     */
    OVERSIZED("oversized", true);

    private final String wireName;
    private final boolean allowedOnToken;

    FaultAction(String wireName, boolean allowedOnToken) {
        this.wireName = wireName;
        this.allowedOnToken = allowedOnToken;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean allowedOnToken() {
        return allowedOnToken;
    }

    @JsonCreator
    public static FaultAction fromWireName(String name) {
        return Arrays.stream(values())
                .filter(action -> action.wireName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown fault action '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(FaultAction::wireName).collect(Collectors.joining(", "))));
    }
}
