package com.sendsummary.local.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The benchmark's floor: the least a Java function reading one DynamoDB item can cost. One {@code GetItem} with SDK
 * v2 on the URLConnection client, built once per container with the region and credentials from the environment,
 * like the deployable's clients. Bench tooling only: {@code Bench} packages it in the deployable's shape, never the
 * deployable itself.
 *
 * <p>Reads {@code SUMMARY_TABLE}; the key is the {@code pk} of the project's cache hit ({@code FLOOR_PK}).
 */
public final class FloorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
            .build();
    private final String table = System.getenv("SUMMARY_TABLE");
    private final AttributeValue key = AttributeValue.fromS(System.getenv().getOrDefault("FLOOR_PK", "floor"));

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        boolean found = dynamoDb.getItem(get -> get.tableName(table).key(Map.of("pk", key))).hasItem();
        return Map.of("statusCode", 200, "body", "{\"found\":" + found + "}");
    }
}
