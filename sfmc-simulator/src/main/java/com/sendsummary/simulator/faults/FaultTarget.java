package com.sendsummary.simulator.faults;

import java.util.Set;

/** What a fault rule is matched against: the operation, and for SOAP the object type, JobIDs and paging flag. */
public record FaultTarget(String operation, String objectType, Set<Integer> ids, boolean continuation) {

    public static FaultTarget token() {
        return new FaultTarget(FaultRule.OPERATION_TOKEN, null, Set.of(), false);
    }
}
