package com.sendsummary.local.e2e;

import com.sendsummary.local.LocalEnvironment;
import com.sendsummary.local.ProjectLayout;
import com.sendsummary.local.contract.OpenApiContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Base of the end-to-end tests of the HTTP routes: one local environment (moto, the SFMC simulator with its demo data,
 * both functions in the Runtime Interface Emulator, the local HTTP API), started once for all such test classes and
 * stopped when the run ends; each test starts from an empty table and a reset simulator. Every request sent through
 * {@code env.api()} and its response are checked against docs/openapi.yaml ({@link OpenApiContract}): an exchange
 * outside the contract fails the test that made it.
 */
@ExtendWith(LocalApiTest.SharedEnvironment.class)
abstract class LocalApiTest {
    static LocalEnvironment env;

    @BeforeEach
    void cleanState() {
        env.table().clear();
        env.simulator().reset();
    }

    static final class SharedEnvironment implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            // The root store closes the environment (AutoCloseable) after the last test of the run.
            env = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(
                    LocalEnvironment.class, key -> environment().start(), LocalEnvironment.class);
        }
    }

    /** The environment of the end-to-end tests: the local API on a free port, its exchanges checked by the contract. */
    static LocalEnvironment.Builder environment() {
        ProjectLayout layout = ProjectLayout.detect();
        return LocalEnvironment.builder().layout(layout).withApi(0)
                .checkApiExchanges(OpenApiContract.load(layout.openApiDocument()));
    }
}
