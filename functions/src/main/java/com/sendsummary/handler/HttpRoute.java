package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** One route of the HTTP API: validates its input and returns the 200 body; failures are thrown as exceptions. */
@FunctionalInterface
interface HttpRoute {
    Object handle(APIGatewayV2HTTPEvent event);
}
