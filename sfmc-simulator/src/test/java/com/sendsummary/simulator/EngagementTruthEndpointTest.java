package com.sendsummary.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngagementTruthEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorClient client;

    @BeforeEach
    void setUp() {
        client = new SimulatorClient(SharedSimulator.get());
    }

    @Test
    void truth_whenDemoSend_answersExactFigures() throws Exception {
        HttpResponse<String> response = client.get("admin/truth/engagement?sendId=910001");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("events").path("sent").path("count").asLong()).isEqualTo(25_000);
        assertThat(body.path("opens").path("unique").asInt()).isEqualTo(4100);
        assertThat(body.path("clicks").path("total").asInt()).isEqualTo(1150);
        assertThat(body.path("bounces").path("byEventType").path("OtherBounce").asInt()).isEqualTo(15);
        assertThat(body.path("distinctUrls").asInt()).isEqualTo(3);
        assertThat(body.path("timeline").path("hourly")).hasSize(168);
        assertThat(body.path("timeline").path("daily")).hasSize(83);
    }

    @Test
    void truth_whenEventAddedThroughAdmin_countsIt() throws Exception {
        client.postJson("admin/events", "{\"type\":\"OpenEvent\",\"sendId\":910001,"
                + "\"subscriberKey\":\"late-opener\",\"eventDate\":\"2025-11-04T15:30:00Z\"}");

        JsonNode body = JSON.readTree(client.get("admin/truth/engagement?sendId=910001").body());

        assertThat(body.path("opens").path("total").asInt()).isEqualTo(6201);
        assertThat(body.path("opens").path("unique").asInt()).isEqualTo(4101);
    }

    @Test
    void truth_whenSendUnknownOrIdInvalid_answers404Or400() {
        assertThat(client.get("admin/truth/engagement?sendId=999999").statusCode()).isEqualTo(404);
        assertThat(client.get("admin/truth/engagement?sendId=abc").statusCode()).isEqualTo(400);
    }
}
