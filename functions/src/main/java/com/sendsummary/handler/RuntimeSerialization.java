package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/**
 * The Lambda Java runtime's own JSON (de)serialisation of the HTTP function's event and response, for priming: the
 * runtime reads the API Gateway event into an {@link APIGatewayV2HTTPEvent} and writes the
 * {@link APIGatewayV2HTTPResponse} with a Jackson of its own (aws-lambda-java-serialization, shaded), whose first use
 * costs a restored container about 30 ms of class loading and cold code. Priming runs its events through the same
 * serializers: for event types outside {@code LambdaEventSerializers}' list, which does not hold the payload 2.0
 * pair, the runtime serializes with {@code JacksonFactory.getInstance().getSerializer(type)}, one shared ObjectMapper
 * whose (de)serializer caches the priming fills.
 *
 * <p>The runtime's libraries are not the function's dependencies: they are found by reflection in the class loader
 * the runtime loaded the function with, and where they are absent or not as expected, events go to the handler
 * directly (RuntimeSerializationTest checks they are found on the version the local runner uses).
 */
final class RuntimeSerialization {
    private static final String JACKSON_FACTORY =
            "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory";
    private static final String POJO_SERIALIZER = "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer";

    private final Serializer events;
    private final Serializer responses;

    private RuntimeSerialization(Serializer events, Serializer responses) {
        this.events = events;
        this.responses = responses;
    }

    /** The runtime's serializers, or pass-through when the function does not run in the Lambda Java runtime. */
    static RuntimeSerialization find() {
        ClassLoader loader = RuntimeSerialization.class.getClassLoader();
        try {
            Class<?> factoryType = Class.forName(JACKSON_FACTORY, true, loader);
            Object factory = factoryType.getMethod("getInstance").invoke(null);
            Method getSerializer = factoryType.getMethod("getSerializer", Type.class);
            Class<?> pojoSerializer = Class.forName(POJO_SERIALIZER, true, loader);
            return new RuntimeSerialization(
                    new Serializer(getSerializer.invoke(factory, APIGatewayV2HTTPEvent.class), pojoSerializer),
                    new Serializer(getSerializer.invoke(factory, APIGatewayV2HTTPResponse.class), pojoSerializer));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException absentOrChanged) {
            // Not in the Lambda runtime, or a runtime whose serializers changed shape: the handler is still primed.
            return new RuntimeSerialization(null, null);
        }
    }

    /** Whether the runtime's serializers were found (else events go to the handler directly). */
    boolean found() {
        return events != null;
    }

    /** The handler's answer to {@code event}, which goes through the runtime's JSON both ways as on Lambda. */
    APIGatewayV2HTTPResponse invoke(HttpSendSummaryHandler handler, APIGatewayV2HTTPEvent event, Context context) {
        if (events == null) {
            return handler.handleRequest(event, context);
        }
        APIGatewayV2HTTPEvent read = (APIGatewayV2HTTPEvent) events.fromJson(events.toJson(event));
        APIGatewayV2HTTPResponse response = handler.handleRequest(read, context);
        responses.toJson(response);
        return response;
    }

    /** A {@code PojoSerializer} of the runtime, called reflectively. */
    private static final class Serializer {
        private final Object serializer;
        private final Method fromJson;
        private final Method toJson;

        /** @param type the public {@code PojoSerializer} interface (the implementations are private classes) */
        Serializer(Object serializer, Class<?> type) throws NoSuchMethodException {
            this.serializer = serializer;
            this.fromJson = type.getMethod("fromJson", InputStream.class);
            this.toJson = type.getMethod("toJson", Object.class, OutputStream.class);
        }

        Object fromJson(byte[] json) {
            return call(fromJson, new ByteArrayInputStream(json));
        }

        byte[] toJson(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            call(toJson, value, out);
            return out.toByteArray();
        }

        private Object call(Method method, Object... arguments) {
            try {
                return method.invoke(serializer, arguments);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
    }
}
