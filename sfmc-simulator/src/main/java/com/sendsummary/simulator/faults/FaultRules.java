package com.sendsummary.simulator.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The active fault rules, in the order added; the first matching rule with uses left wins. Thread-safe. */
public final class FaultRules {

    private final List<ArmedRule> rules = new ArrayList<>();

    public synchronized void add(Collection<FaultRule> newRules) {
        newRules.forEach(rule -> rules.add(new ArmedRule(rule, rule.times())));
    }

    public synchronized int clear() {
        int cleared = rules.size();
        rules.clear();
        return cleared;
    }

    /** The rules still armed, with {@code times} showing the uses left. */
    public synchronized List<FaultRule> active() {
        return rules.stream().map(armed -> armed.rule.withTimes(armed.remaining)).toList();
    }

    /** Finds the first matching rule and uses it up once. */
    public synchronized Optional<FaultRule> take(FaultTarget target) {
        for (var iterator = rules.iterator(); iterator.hasNext(); ) {
            ArmedRule armed = iterator.next();
            if (!matches(armed.rule, target)) {
                continue;
            }
            if (armed.remaining != null) {
                armed.remaining--;
                if (armed.remaining == 0) {
                    iterator.remove();
                }
            }
            return Optional.of(armed.rule);
        }
        return Optional.empty();
    }

    private static boolean matches(FaultRule rule, FaultTarget target) {
        FaultRule.Match match = rule.match();
        if (!match.appliesTo(target.operation())) {
            return false;
        }
        // An "any" rule with a SOAP-only action leaves the token endpoint alone.
        if (FaultRule.OPERATION_TOKEN.equals(target.operation()) && !rule.action().allowedOnToken()) {
            return false;
        }
        if (match.objectType() != null && !match.objectType().equalsIgnoreCase(String.valueOf(target.objectType()))) {
            return false;
        }
        if (match.id() != null && !target.ids().contains(match.id())) {
            return false;
        }
        return match.continuation() == null || match.continuation() == target.continuation();
    }

    private static final class ArmedRule {
        private final FaultRule rule;
        private Integer remaining;

        private ArmedRule(FaultRule rule, Integer remaining) {
            this.rule = rule;
            this.remaining = remaining;
        }
    }
}
