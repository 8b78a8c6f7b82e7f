package com.sendsummary.simulator.soap;

import java.util.function.Function;

/** A filterable property of a result row: its wire name, value kind and how to read it. */
record FieldDef<R>(String name, ValueKind kind, Function<R, Object> getter) {

    enum ValueKind { NUMBER, DATE, STRING, BOOLEAN }

    static <R> FieldDef<R> number(String name, Function<R, ? extends Number> getter) {
        return new FieldDef<>(name, ValueKind.NUMBER, row -> {
            Number value = getter.apply(row);
            return value == null ? null : value.longValue();
        });
    }

    static <R> FieldDef<R> date(String name, Function<R, java.time.Instant> getter) {
        return new FieldDef<>(name, ValueKind.DATE, getter::apply);
    }

    static <R> FieldDef<R> string(String name, Function<R, String> getter) {
        return new FieldDef<>(name, ValueKind.STRING, getter::apply);
    }

    static <R> FieldDef<R> bool(String name, Function<R, Boolean> getter) {
        return new FieldDef<>(name, ValueKind.BOOLEAN, getter::apply);
    }
}
