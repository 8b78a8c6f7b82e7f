package com.sendsummary.config;

import java.util.Set;

/**
 * Which business units callers may read through {@code clientId}: those of {@code ALLOWED_CLIENT_IDS} when it is set,
 * otherwise every BU the SFMC credentials can read (their own and those below it; SFMC itself returns nothing for
 * the others). A request without {@code clientId} reads the credentials' own BU and is always allowed.
 */
public record BusinessUnits(Set<Integer> allowed) {

    public BusinessUnits {
        allowed = Set.copyOf(allowed);
    }

    /** No allow-list: every BU the credentials can read. */
    public static BusinessUnits any() {
        return new BusinessUnits(Set.of());
    }

    /** @throws ClientNotAllowedException if {@code clientId} names a BU outside the allow-list */
    public void check(Integer clientId) {
        if (clientId != null && !allowed.isEmpty() && !allowed.contains(clientId)) {
            throw new ClientNotAllowedException(clientId);
        }
    }
}
