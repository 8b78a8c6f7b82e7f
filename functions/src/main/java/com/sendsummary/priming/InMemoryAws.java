package com.sendsummary.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The functions' AWS calls answered from memory, for priming ({@link LoopbackServices} serves them over HTTP).
 *
 * <p>DynamoDB ({@code GetItem}, {@code BatchGetItem}, {@code PutItem}, {@code UpdateItem}) keeps the items written, by
 * {@code pk}, and ignores conditions; Secrets Manager ({@code GetSecretValue}) answers {@code secretStrings}' value for
 * the secret id; EventBridge Scheduler ({@code CreateSchedule}) accepts every schedule. Anything else is answered 400.
 */
final class InMemoryAws {
    private static final String DYNAMODB = "DynamoDB_20120810.";
    private static final String SECRETS_MANAGER = "secretsmanager.";

    /** An HTTP answer of the stand-in. */
    record Answer(int status, String body) {
    }

    private final Map<String, JsonNode> items = new ConcurrentHashMap<>();
    private final Function<String, String> secretStrings;

    /** @param secretStrings the {@code SecretString} of a secret id */
    InMemoryAws(Function<String, String> secretStrings) {
        this.secretStrings = secretStrings;
    }

    /** Whether the request is an AWS call: a JSON protocol target, or the Scheduler's REST path. */
    static boolean isAwsCall(String target, String path) {
        return !target.isEmpty() || path.startsWith("/schedules/");
    }

    /**
     * @param target the {@code X-Amz-Target} header ({@code DynamoDB_20120810.GetItem}), empty for REST calls
     * @param path   the request path
     */
    Answer answer(String target, String path, String body) {
        JsonNode request;
        try {
            request = body.isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return refused("a body that is not JSON");
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (target.startsWith(DYNAMODB)) {
            switch (target.substring(DYNAMODB.length())) {
                case "GetItem" -> {
                    JsonNode item = items.get(request.path("Key").path("pk").path("S").asText());
                    if (item != null) {
                        answer.set("Item", item);
                    }
                }
                case "PutItem" -> items.put(request.path("Item").path("pk").path("S").asText(), request.path("Item"));
                case "UpdateItem" -> {
                    ObjectNode item = update(request);
                    if (!"NONE".equals(request.path("ReturnValues").asText("NONE"))) {
                        answer.set("Attributes", item);
                    }
                }
                case "BatchGetItem" -> {
                    ObjectNode responses = answer.putObject("Responses");
                    request.path("RequestItems").properties().forEach(table -> {
                        ArrayNode found = responses.putArray(table.getKey());
                        table.getValue().path("Keys").forEach(key -> {
                            JsonNode item = items.get(key.path("pk").path("S").asText());
                            if (item != null) {
                                found.add(item);
                            }
                        });
                    });
                    answer.putObject("UnprocessedKeys");
                }
                default -> {
                    return refused(target);
                }
            }
        } else if (target.equals(SECRETS_MANAGER + "GetSecretValue")) {
            String id = request.path("SecretId").asText();
            answer.put("ARN", id).put("Name", id).put("VersionId", "priming").put("SecretString", secretStrings.apply(id));
        } else if (target.isEmpty() && path.startsWith("/schedules/")) {
            answer.put("ScheduleArn", "arn:aws:scheduler:us-east-1:000000000000:schedule/priming/priming");
        } else {
            return refused(target + " " + path);
        }
        return new Answer(200, answer.toString());
    }

    /**
     * Applies an {@code UpdateItem}'s {@code SET} (values and {@code if_not_exists}) and {@code REMOVE} clauses, as
     * the functions write them; conditions are ignored, like everywhere here.
     */
    private ObjectNode update(JsonNode request) {
        String key = request.path("Key").path("pk").path("S").asText();
        JsonNode names = request.path("ExpressionAttributeNames");
        JsonNode values = request.path("ExpressionAttributeValues");
        ObjectNode item = items.containsKey(key) ? ((ObjectNode) items.get(key)).deepCopy()
                : Json.MAPPER.createObjectNode().set("pk", request.path("Key").path("pk"));
        String expression = request.path("UpdateExpression").asText();
        int remove = expression.indexOf(" REMOVE ");
        String set = remove < 0 ? expression : expression.substring(0, remove);
        if (set.startsWith("SET ")) {
            // Clauses are split at commas outside parentheses: if_not_exists(#a, :b) holds one.
            for (String clause : set.substring(4).split(",(?![^(]*\\))")) {
                String[] sides = clause.split("=", 2);
                String name = names.path(sides[0].strip()).asText(sides[0].strip());
                String value = sides[1].strip();
                if (value.startsWith("if_not_exists(")) {
                    if (item.has(name)) {
                        continue;
                    }
                    value = value.substring(value.indexOf(',') + 1, value.length() - 1).strip();
                }
                item.set(name, values.path(value));
            }
        }
        if (remove >= 0) {
            for (String removed : expression.substring(remove + 8).split(",")) {
                item.remove(names.path(removed.strip()).asText(removed.strip()));
            }
        }
        items.put(key, item);
        return item;
    }

    private static Answer refused(String what) {
        return new Answer(400, Json.MAPPER.createObjectNode().put("__type", "ValidationException")
                .put("message", "InMemoryAws does not answer " + what).toString());
    }
}
