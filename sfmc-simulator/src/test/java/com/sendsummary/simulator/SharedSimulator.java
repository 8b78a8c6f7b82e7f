package com.sendsummary.simulator;

/** One demo-data simulator for the whole test run (start-up is the slow part); tests reset it before use. */
final class SharedSimulator {

    private static SfmcSimulator instance;

    private SharedSimulator() {
    }

    static synchronized SfmcSimulator get() {
        if (instance == null) {
            instance = SfmcSimulator.start(SimulatorOptions.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        instance.reset();
        return instance;
    }
}
