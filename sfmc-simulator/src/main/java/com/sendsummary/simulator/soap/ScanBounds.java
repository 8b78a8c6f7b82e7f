package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.wsdl.ComplexFilterPart;
import com.sendsummary.simulator.wsdl.FilterPart;
import com.sendsummary.simulator.wsdl.LogicalOperators;
import com.sendsummary.simulator.wsdl.SimpleFilterPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a Retrieve filter pins down about the rows it can match: a SendID (equals) and an inclusive EventDate range,
 * read from simple parts joined by AND; plus the RetrieveAllSinceLastBatch watermark. Only used to skip rows that
 * cannot match (whole sequences of other sends, the part of a sequence outside the dates): every row read is still
 * tested against the full filter, so the bounds only need to be wide enough, never exact.
 *
 * @param sendId   the SendID every match has, or null
 * @param from     no match is dated before this, or null
 * @param to       no match is dated after this, or null
 * @param afterSeq every match has a higher seq
 */
record ScanBounds(Long sendId, Instant from, Instant to, long afterSeq) {

    static final ScanBounds NONE = new ScanBounds(null, null, null, 0);

    /** The bounds of a filter that {@link FilterCompiler#compile} accepted. */
    static <R> ScanBounds of(FilterPart filter, Function<String, FieldDef<R>> fields) {
        if (filter instanceof SimpleFilterPart simple) {
            return simple(simple, fields);
        }
        if (filter instanceof ComplexFilterPart complex && complex.getLogicalOperator() != LogicalOperators.OR) {
            List<FilterPart> operands = new ArrayList<>();
            operands.add(complex.getLeftOperand());
            operands.add(complex.getRightOperand());
            if (complex.getAdditionalOperands() != null) {
                operands.addAll(complex.getAdditionalOperands().getOperand());
            }
            ScanBounds bounds = NONE;
            for (FilterPart operand : operands) {
                if (operand != null) {
                    bounds = bounds.and(of(operand, fields));
                }
            }
            return bounds;
        }
        return NONE;
    }

    ScanBounds withAfterSeq(long seq) {
        return new ScanBounds(sendId, from, to, seq);
    }

    private ScanBounds and(ScanBounds other) {
        return new ScanBounds(sendId != null ? sendId : other.sendId, later(from, other.from),
                earlier(to, other.to), Math.max(afterSeq, other.afterSeq));
    }

    private static <R> ScanBounds simple(SimpleFilterPart part, Function<String, FieldDef<R>> fields) {
        FieldDef<R> field = fields.apply(part.getProperty() == null ? "" : part.getProperty().trim());
        if (field == null || part.getSimpleOperator() == null) {
            return NONE;
        }
        List<Object> operands = FilterCompiler.operands(part, field);
        if (operands.isEmpty()) {
            return NONE;
        }
        String operator = part.getSimpleOperator().value();
        if (field.name().equals("SendID") && operator.equals("equals")
                && operands.getFirst() instanceof Long sendId) {
            return new ScanBounds(sendId, null, null, 0);
        }
        if (!field.name().equals("EventDate")) {
            return NONE;
        }
        Instant first = (Instant) operands.getFirst();
        return switch (operator) {
            case "equals" -> new ScanBounds(null, first, first, 0);
            case "greaterThan", "greaterThanOrEqual" -> new ScanBounds(null, first, null, 0);
            case "lessThan", "lessThanOrEqual" -> new ScanBounds(null, null, first, 0);
            case "between" -> operands.size() == 2
                    ? new ScanBounds(null, first, (Instant) operands.get(1), 0) : NONE;
            default -> NONE;
        };
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
