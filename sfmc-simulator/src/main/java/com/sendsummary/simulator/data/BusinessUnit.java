package com.sendsummary.simulator.data;

/** A business unit (account) identified by its MID; a child names its parent. */
public record BusinessUnit(int mid, String name, Integer parentMid) {
}
