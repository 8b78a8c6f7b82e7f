package com.sendsummary.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void parse_readsEveryOption() {
        SimulatorOptions options = Main.parse(new String[] {"--port", "8099", "--host=0.0.0.0", "--data", "x.json",
                "--token-ttl-seconds", "60", "--page-size", "100"});

        assertThat(options).isEqualTo(new SimulatorOptions("0.0.0.0", 8099, "x.json", Duration.ofSeconds(60), 100));
    }

    @Test
    void parse_whenNoArguments_usesDefaults() {
        assertThat(Main.parse(new String[0])).isEqualTo(SimulatorOptions.defaults());
    }

    @Test
    void parse_whenOptionUnknown_fails() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--verbose", "1"}))
                .hasMessageContaining("unknown option --verbose");
    }
}
