package com.sendsummary.local;

/**
 * Sees every request made through the client side of the {@link LocalApi} ({@link LocalApi#get},
 * {@link LocalApi#request}) together with its response, before the caller does; throws (an {@link AssertionError} in
 * tests) to fail the call. The end-to-end tests check each exchange against docs/openapi.yaml this way.
 */
@FunctionalInterface
public interface ApiExchangeCheck {
    ApiExchangeCheck NONE = (request, response) -> { };

    void check(ApiRequest request, ApiResponse response);
}
