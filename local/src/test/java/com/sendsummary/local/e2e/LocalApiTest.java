package com.sendsummary.local.e2e;

import com.sendsummary.local.LocalEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Base of the end-to-end tests of the HTTP routes: one local environment (moto, the SFMC simulator with its demo data,
 * both functions in the Runtime Interface Emulator, the local HTTP API), started once for all such test classes and
 * stopped when the run ends; each test starts from an empty table and a reset simulator.
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
                    LocalEnvironment.class, key -> LocalEnvironment.builder().withApi(0).start(), LocalEnvironment.class);
        }
    }
}
