package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.SfmcTime;
import com.sendsummary.simulator.wsdl.ComplexFilterPart;
import com.sendsummary.simulator.wsdl.FilterPart;
import com.sendsummary.simulator.wsdl.LogicalOperators;
import com.sendsummary.simulator.wsdl.SimpleFilterPart;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.xml.datatype.XMLGregorianCalendar;

/** Turns a Retrieve Filter (Simple/ComplexFilterPart, nested) into a predicate over result rows. */
final class FilterCompiler {

    private FilterCompiler() {
    }

    /**
     * @param fields looks a property up (case-insensitive); null when the object has no such filterable property
     * @throws RetrieveRejectedException for unknown properties, unsupported operators or unreadable values
     */
    static <R> Predicate<R> compile(FilterPart filter, Function<String, FieldDef<R>> fields, String objectType) {
        if (filter == null) {
            return row -> true;
        }
        if (filter instanceof SimpleFilterPart simple) {
            return simple(simple, fields, objectType);
        }
        if (filter instanceof ComplexFilterPart complex) {
            List<Predicate<R>> operands = new ArrayList<>();
            operands.add(compile(required(complex.getLeftOperand(), "LeftOperand"), fields, objectType));
            if (complex.getRightOperand() != null) {
                operands.add(compile(complex.getRightOperand(), fields, objectType));
            }
            if (complex.getAdditionalOperands() != null) {
                for (FilterPart operand : complex.getAdditionalOperands().getOperand()) {
                    operands.add(compile(operand, fields, objectType));
                }
            }
            boolean and = complex.getLogicalOperator() != LogicalOperators.OR;
            return row -> and ? operands.stream().allMatch(p -> p.test(row))
                    : operands.stream().anyMatch(p -> p.test(row));
        }
        throw new RetrieveRejectedException(
                "A Filter must be a SimpleFilterPart or a ComplexFilterPart (set xsi:type).");
    }

    private static FilterPart required(FilterPart part, String name) {
        if (part == null) {
            throw new RetrieveRejectedException("ComplexFilterPart needs a " + name + ".");
        }
        return part;
    }

    private static <R> Predicate<R> simple(SimpleFilterPart part, Function<String, FieldDef<R>> fields,
                                           String objectType) {
        String property = part.getProperty() == null ? "" : part.getProperty().trim();
        FieldDef<R> field = fields.apply(property);
        if (field == null) {
            throw new RetrieveRejectedException("Invalid column name '" + property + "' in the filter of the "
                    + objectType + " retrieve.");
        }
        if (part.getSimpleOperator() == null) {
            throw new RetrieveRejectedException("SimpleFilterPart on " + property + " has no valid SimpleOperator.");
        }
        String operator = part.getSimpleOperator().value();
        List<Object> operands = operands(part, field);
        Function<R, Object> getter = field.getter();
        return switch (operator) {
            case "equals" -> comparing(getter, one(operands, operator), order -> order == 0);
            case "notEquals" -> comparing(getter, one(operands, operator), order -> order != 0);
            case "greaterThan" -> comparing(getter, one(operands, operator), order -> order > 0);
            case "greaterThanOrEqual" -> comparing(getter, one(operands, operator), order -> order >= 0);
            case "lessThan" -> comparing(getter, one(operands, operator), order -> order < 0);
            case "lessThanOrEqual" -> comparing(getter, one(operands, operator), order -> order <= 0);
            case "between" -> {
                if (operands.size() != 2) {
                    throw new RetrieveRejectedException("The between operator needs exactly two values.");
                }
                yield row -> {
                    Object value = getter.apply(row);
                    return value != null && compare(value, operands.get(0)) >= 0
                            && compare(value, operands.get(1)) <= 0;
                };
            }
            case "IN" -> {
                if (operands.isEmpty()) {
                    throw new RetrieveRejectedException("The IN operator needs at least one value.");
                }
                yield row -> {
                    Object value = getter.apply(row);
                    return value != null && operands.stream().anyMatch(operand -> compare(value, operand) == 0);
                };
            }
            case "isNull" -> row -> getter.apply(row) == null;
            case "isNotNull" -> row -> getter.apply(row) != null;
            case "like", "beginsWith", "endsWith", "contains", "notContains" -> text(operator, getter,
                    String.valueOf(one(operands, operator)), field);
            default -> throw new RetrieveRejectedException("The SimpleOperator " + operator
                    + " is not supported by the SFMC simulator.");
        };
    }

    /** SQL semantics: a comparison with a NULL column is never true. */
    private static <R> Predicate<R> comparing(Function<R, Object> getter, Object operand, IntPredicate test) {
        return row -> {
            Object value = getter.apply(row);
            return value != null && test.test(compare(value, operand));
        };
    }

    private static <R> Predicate<R> text(String operator, Function<R, Object> getter, String operand,
                                         FieldDef<R> field) {
        if (field.kind() != FieldDef.ValueKind.STRING) {
            throw new RetrieveRejectedException("The SimpleOperator " + operator + " needs a text property, not "
                    + field.name() + ".");
        }
        String needle = operand.toLowerCase(Locale.ROOT);
        Pattern like = Pattern.compile(Pattern.quote(needle).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q"),
                Pattern.DOTALL);
        return row -> {
            Object value = getter.apply(row);
            if (value == null) {
                return false;
            }
            String text = value.toString().toLowerCase(Locale.ROOT);
            return switch (operator) {
                case "like" -> like.matcher(text).matches();
                case "beginsWith" -> text.startsWith(needle);
                case "endsWith" -> text.endsWith(needle);
                case "contains" -> text.contains(needle);
                default -> !text.contains(needle);
            };
        };
    }

    private static Object one(List<Object> operands, String operator) {
        if (operands.isEmpty()) {
            throw new RetrieveRejectedException("The " + operator + " operator needs a Value or DateValue.");
        }
        return operands.getFirst();
    }

    static <R> List<Object> operands(SimpleFilterPart part, FieldDef<R> field) {
        List<Object> operands = new ArrayList<>();
        for (String value : part.getValue()) {
            operands.add(convert(value, field));
        }
        for (XMLGregorianCalendar date : part.getDateValue()) {
            if (field.kind() != FieldDef.ValueKind.DATE) {
                throw new RetrieveRejectedException("DateValue used on " + field.name() + ", which is not a date.");
            }
            operands.add(SfmcTime.fromCalendar(date));
        }
        return operands;
    }

    private static <R> Object convert(String raw, FieldDef<R> field) {
        String value = raw == null ? "" : raw.trim();
        try {
            return switch (field.kind()) {
                case NUMBER -> Long.parseLong(value);
                case DATE -> SfmcTime.parse(value);
                case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> Boolean.TRUE;
                    case "false", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(value);
                };
                case STRING -> raw == null ? "" : raw;
            };
        } catch (NumberFormatException e) {
            throw new RetrieveRejectedException("Conversion failed when converting the nvarchar value '" + value
                    + "' to data type int.");
        } catch (DateTimeParseException e) {
            throw new RetrieveRejectedException("Conversion failed when converting date and/or time from character"
                    + " string '" + value + "'.");
        } catch (IllegalArgumentException e) {
            throw new RetrieveRejectedException("Conversion failed when converting the value '" + value
                    + "' to data type bit.");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object value, Object operand) {
        if (value instanceof String text && operand instanceof String other) {
            return text.compareToIgnoreCase(other);
        }
        return ((Comparable) value).compareTo(operand);
    }
}
