package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The HTTP function's event (API Gateway payload 2.0) and answer as JSON, read and written with the functions' own
 * Jackson. The function is a stream handler so that the Lambda Java runtime never builds its own serializer for these
 * types: that one is a second, shaded Jackson whose classes cost a cold start about a quarter of a second, for JSON
 * the functions' mapper already reads. Unknown fields are ignored; null fields are left out of the answer, as the
 * runtime's serializer leaves them out ({@code HttpEventJsonTest} checks both against it).
 */
final class HttpEventJson {
    private static final ObjectReader EVENT = Json.MAPPER.readerFor(APIGatewayV2HTTPEvent.class);
    private static final ObjectWriter RESPONSE = Json.MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .writerFor(APIGatewayV2HTTPResponse.class);

    private HttpEventJson() {
    }

    static APIGatewayV2HTTPEvent read(InputStream json) throws IOException {
        return EVENT.readValue(json);
    }

    static void write(APIGatewayV2HTTPResponse response, OutputStream output) throws IOException {
        RESPONSE.writeValue(output, response);
    }

    static byte[] write(APIGatewayV2HTTPResponse response) throws IOException {
        return RESPONSE.writeValueAsBytes(response);
    }
}
