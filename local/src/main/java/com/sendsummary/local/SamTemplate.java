package com.sendsummary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment facts of a SAM template that the local runner needs, resolved as CloudFormation and SAM resolve
 * them for one set of parameters: per {@code AWS::Serverless::Function}, its runtime, handler, memory, timeout and
 * environment ({@link #function}), its HttpApi routes ({@link #routeKeys}) and its SQS event sources
 * ({@link #sqsEvents}); per {@code AWS::SQS::Queue}, the attributes the local runner creates it with ({@link #queue}).
 *
 * <p>{@code Globals.Function} is merged as SAM merges it: the function's own value wins, and
 * {@code Environment.Variables} and {@code LoggingConfig} are merged key by key. Without {@code MemorySize} or
 * {@code Timeout} anywhere, Lambda's defaults apply (128 MB, 3 s). {@code LoggingConfig} becomes the variables Lambda
 * derives from it: {@code AWS_LAMBDA_LOG_FORMAT} ({@code JSON} or {@code TEXT}) and, when set,
 * {@code AWS_LAMBDA_LOG_LEVEL} (the {@code ApplicationLogLevel}); {@code SystemLogLevel} filters only the platform's
 * own lines and sets nothing.
 *
 * <p>A parameter is the value given for it, else its {@code Default} (a {@code CommaDelimitedList} is a list); a
 * given value must pass the parameter's {@code AllowedValues} and {@code AllowedPattern}. Every other {@code Ref},
 * {@code Fn::GetAtt} (looked up as {@code "Resource.Attribute"}) and {@code ${...}} of {@code Fn::Sub}, pseudo
 * parameters such as {@code AWS::Region} included, is only what the caller's stand-ins say. Supported besides:
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap} on the template's {@code Mappings},
 * {@code Fn::If} on the template's {@code Conditions} ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And},
 * {@code Fn::Or}, {@code Condition}) and {@code AWS::NoValue}.
 * Anything else (an unknown reference, a parameter without a value, another intrinsic function) fails with an
 * {@link IllegalArgumentException} naming where in the template it is used: a variable the local runner cannot
 * resolve stops it, and fails its unit test, instead of being left out.
 */
public final class SamTemplate {

    /** Lambda's {@code MemorySize} when neither the function nor Globals sets one. */
    public static final int DEFAULT_MEMORY_MB = 128;
    /** Lambda's {@code Timeout} when neither the function nor Globals sets one. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    /** Lambda's BatchSize of an SQS event source when the event sets none. */
    public static final int DEFAULT_SQS_BATCH_SIZE = 10;
    /**
     * The concurrency the local runner gives an SQS event source without {@code ScalingConfig.MaximumConcurrency}:
     * the five pollers Lambda starts with.
     */
    public static final int DEFAULT_SQS_CONCURRENCY = 5;

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final String QUEUE_TYPE = "AWS::SQS::Queue";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final CfnTemplate template;
    private final String source;

    private SamTemplate(CfnTemplate template, String source) {
        this.template = template;
        this.source = source;
    }

    public static SamTemplate load(Path file) {
        try {
            return new SamTemplate(CfnTemplate.load(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SAM template " + file, e);
        }
    }

    /** A template given as text; {@code source} names it in messages. */
    static SamTemplate parse(String yaml, String source) {
        return new SamTemplate(CfnTemplate.parse(yaml, source), source);
    }

    /** Logical IDs of the {@code AWS::Serverless::Function} resources, in template order. */
    public List<String> functionIds() {
        return resources().entrySet().stream()
                .filter(resource -> resource.getValue() instanceof Map<?, ?> body
                        && FUNCTION_TYPE.equals(body.get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Logical IDs of the resources of {@code type} (e.g. {@code AWS::S3::Bucket}), in template order. */
    public List<String> resourceIds(String type) {
        return resources().entrySet().stream()
                .filter(resource -> resource.getValue() instanceof Map<?, ?> body && type.equals(body.get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The function's settings with {@code parameters} (others take their {@code Default}) and {@code standIns} for
     * every other reference: {@code "SummaryTable"} for {@code !Ref SummaryTable}, {@code "SummaryTable.Arn"} for
     * {@code !GetAtt SummaryTable.Arn}, {@code "AWS::Region"} for the pseudo parameter.
     */
    public Function function(String logicalId, Map<String, String> parameters, Map<String, String> standIns) {
        Map<String, Object> own = functionProperties(logicalId);
        Map<String, Object> globals = globalFunction();
        Resolver resolver = new Resolver(parameters, standIns);
        String ownPath = "Resources." + logicalId + ".Properties";
        Setting settings = new Setting(own, ownPath, globals, resolver);

        String runtime = resolver.text(settings.required("Runtime"), settings.path("Runtime"));
        String handler = resolver.text(settings.required("Handler"), settings.path("Handler"));
        int memoryMb = settings.resolved("MemorySize")
                .map(memory -> resolver.integer(memory, settings.path("MemorySize"))).orElse(DEFAULT_MEMORY_MB);
        int timeoutSeconds = settings.resolved("Timeout")
                .map(timeout -> resolver.integer(timeout, settings.path("Timeout"))).orElse(DEFAULT_TIMEOUT_SECONDS);

        // Merged before resolving, as SAM merges Globals before CloudFormation resolves: the function's own
        // !Ref AWS::NoValue removes a variable (or logging setting) of Globals.
        Map<String, Located> variables = new LinkedHashMap<>(entries(globals, "Globals.Function", "Environment",
                "Variables"));
        variables.putAll(entries(own, ownPath, "Environment", "Variables"));
        Map<String, Located> logging = new LinkedHashMap<>(entries(globals, "Globals.Function", "LoggingConfig"));
        logging.putAll(entries(own, ownPath, "LoggingConfig"));

        Map<String, String> environment = resolver.texts(variables);
        environment.putAll(resolver.loggingVariables(resolver.texts(logging), ownPath + ".LoggingConfig"));
        return new Function(logicalId, runtime, handler, memoryMb, timeoutSeconds, environment);
    }

    /**
     * The function's HttpApi events as route keys ({@code GET /sends/{jobId}/summary}), in template order. Method
     * and Path must be literals, as SAM requires; an {@code Api} (REST API) event, which the local runner does not
     * serve, or a payload format other than 2.0 fails.
     */
    public List<String> routeKeys(String logicalId) {
        String eventsPath = "Resources." + logicalId + ".Properties.Events";
        Object events = functionProperties(logicalId).get("Events");
        if (events == null) {
            return List.of();
        }
        List<String> routeKeys = new ArrayList<>();
        CfnTemplate.map(events, eventsPath).forEach((name, event) -> {
            String where = eventsPath + "." + name;
            Map<String, Object> body = CfnTemplate.map(event, where);
            Object type = body.get("Type");
            if ("Api".equals(type)) {
                throw new IllegalArgumentException(source + ": " + where + " is a REST API event; the local runner "
                        + "serves the HTTP API (HttpApi events) only");
            }
            if (!"HttpApi".equals(type)) {
                return;
            }
            Map<String, Object> properties = CfnTemplate.map(body.get("Properties"), where + ".Properties");
            Object payloadFormat = properties.getOrDefault("PayloadFormatVersion", "2.0");
            if (!"2.0".equals(String.valueOf(payloadFormat))) {
                throw new IllegalArgumentException(source + ": " + where + " has PayloadFormatVersion " + payloadFormat
                        + "; the local runner builds payload 2.0 events only");
            }
            if (!(properties.get("Method") instanceof String method)
                    || !(properties.get("Path") instanceof String path)) {
                throw new IllegalArgumentException(source + ": " + where + " needs a literal Method and Path");
            }
            routeKeys.add(method.toUpperCase(Locale.ROOT) + " " + path);
        });
        return List.copyOf(routeKeys);
    }

    /**
     * The function's SQS events, in template order. The queue must be {@code !GetAtt <Queue>.Arn} of a queue of this
     * template; BatchSize, {@code ScalingConfig.MaximumConcurrency} and {@code MaximumBatchingWindowInSeconds} are
     * resolved with {@code parameters} (absent: Lambda's defaults, {@link #DEFAULT_SQS_CONCURRENCY} for the
     * concurrency); {@code FunctionResponseTypes} may only name {@code ReportBatchItemFailures}.
     */
    public List<SqsTrigger> sqsEvents(String logicalId, Map<String, String> parameters, Map<String, String> standIns) {
        String eventsPath = "Resources." + logicalId + ".Properties.Events";
        Object events = functionProperties(logicalId).get("Events");
        if (events == null) {
            return List.of();
        }
        Resolver resolver = new Resolver(parameters, standIns);
        List<SqsTrigger> sqsEvents = new ArrayList<>();
        CfnTemplate.map(events, eventsPath).forEach((name, event) -> {
            String where = eventsPath + "." + name;
            Map<String, Object> body = CfnTemplate.map(event, where);
            if (!"SQS".equals(body.get("Type"))) {
                return;
            }
            String at = where + ".Properties";
            Map<String, Object> properties = CfnTemplate.map(body.get("Properties"), at);
            String queue = getAttTarget(properties.get("Queue"), "Arn", at + ".Queue");
            if (!QUEUE_TYPE.equals(template.type(queue))) {
                throw new IllegalArgumentException(source + ": " + at + ".Queue names " + queue + ", which is not an "
                        + QUEUE_TYPE);
            }
            int batchSize = optionalInteger(properties, "BatchSize", at, resolver).orElse(DEFAULT_SQS_BATCH_SIZE);
            int window = optionalInteger(properties, "MaximumBatchingWindowInSeconds", at, resolver).orElse(0);
            int concurrency = DEFAULT_SQS_CONCURRENCY;
            if (properties.get("ScalingConfig") != null) {
                Map<String, Object> scaling = CfnTemplate.map(properties.get("ScalingConfig"), at + ".ScalingConfig");
                concurrency = optionalInteger(scaling, "MaximumConcurrency", at + ".ScalingConfig", resolver)
                        .orElse(DEFAULT_SQS_CONCURRENCY);
            }
            boolean reportBatchItemFailures = false;
            if (properties.get("FunctionResponseTypes") != null) {
                Object types = resolver.resolve(properties.get("FunctionResponseTypes"), at + ".FunctionResponseTypes");
                if (!(types instanceof List<?> list) || !List.of("ReportBatchItemFailures").containsAll(list)) {
                    throw new IllegalArgumentException(source + ": " + at + ".FunctionResponseTypes " + types
                            + " is not known to the local runner");
                }
                reportBatchItemFailures = !list.isEmpty();
            }
            sqsEvents.add(new SqsTrigger(name, queue, batchSize, concurrency, window, reportBatchItemFailures));
        });
        return List.copyOf(sqsEvents);
    }

    /**
     * An {@code AWS::SQS::Queue} as the local runner creates it: its visibility timeout, retention and redrive policy
     * resolved with {@code parameters} and {@code standIns} (absent: SQS's defaults, 30 s and 4 days).
     */
    public Queue queue(String logicalId, Map<String, String> parameters, Map<String, String> standIns) {
        if (!(resources().get(logicalId) instanceof Map<?, ?> resource) || !QUEUE_TYPE.equals(resource.get("Type"))) {
            throw new IllegalArgumentException(source + " has no " + QUEUE_TYPE + " " + logicalId);
        }
        String where = "Resources." + logicalId + ".Properties";
        Map<String, Object> properties = template.properties(logicalId);
        Resolver resolver = new Resolver(parameters, standIns);
        int visibility = optionalInteger(properties, "VisibilityTimeout", where, resolver).orElse(30);
        int retention = optionalInteger(properties, "MessageRetentionPeriod", where, resolver).orElse(345_600);
        Optional<Redrive> redrive = Optional.empty();
        if (properties.get("RedrivePolicy") != null) {
            Map<String, Object> policy = CfnTemplate.map(properties.get("RedrivePolicy"), where + ".RedrivePolicy");
            String deadLetterQueue = getAttTarget(policy.get("deadLetterTargetArn"), "Arn",
                    where + ".RedrivePolicy.deadLetterTargetArn");
            int maxReceiveCount = optionalInteger(policy, "maxReceiveCount", where + ".RedrivePolicy", resolver)
                    .orElseThrow(() -> new IllegalArgumentException(source + ": " + where
                            + ".RedrivePolicy has no maxReceiveCount"));
            redrive = Optional.of(new Redrive(deadLetterQueue, maxReceiveCount));
        }
        return new Queue(logicalId, visibility, retention, redrive);
    }

    /**
     * One SQS event source of a function.
     *
     * @param name                    the event's name in the template
     * @param queueLogicalId          the queue it polls
     * @param maximumConcurrency      the most invocations at once ({@code ScalingConfig.MaximumConcurrency})
     * @param reportBatchItemFailures {@code FunctionResponseTypes: [ReportBatchItemFailures]}
     */
    public record SqsTrigger(String name, String queueLogicalId, int batchSize, int maximumConcurrency,
                           int maximumBatchingWindowSeconds, boolean reportBatchItemFailures) {
    }

    /** A queue's attributes as the template sets them. */
    public record Queue(String logicalId, int visibilityTimeoutSeconds, int messageRetentionSeconds,
                        Optional<Redrive> redrive) {
    }

    /** A queue's {@code RedrivePolicy}: where a message goes after {@code maxReceiveCount} receives. */
    public record Redrive(String deadLetterQueueLogicalId, int maxReceiveCount) {
    }

    /**
     * One function's settings as deployed.
     *
     * @param environment {@code Environment.Variables} (Globals, then the function's own), then the variables Lambda
     *                    derives from {@code LoggingConfig}; in that order
     */
    public record Function(String logicalId, String runtime, String handler, int memoryMb, int timeoutSeconds,
                           Map<String, String> environment) {

        public Function {
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }
    }

    private Optional<Integer> optionalInteger(Map<String, Object> properties, String key, String where,
                                              Resolver resolver) {
        Object value = properties.get(key);
        return value == null ? Optional.empty()
                : Optional.of(resolver.integer(resolver.resolve(value, where + "." + key), where + "." + key));
    }

    /** The logical ID in {@code !GetAtt <LogicalId>.<attribute>}; anything else fails naming {@code where}. */
    private String getAttTarget(Object node, String attribute, String where) {
        if (node instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> parts
                && parts.size() == 2 && parts.get(0) instanceof String target && attribute.equals(parts.get(1))) {
            return target;
        }
        throw new IllegalArgumentException(source + ": " + where + " must be !GetAtt <Resource>." + attribute
                + ", but is " + node);
    }

    private Map<String, Object> resources() {
        return CfnTemplate.map(template.root().get("Resources"), source + ": Resources");
    }

    private Map<String, Object> functionProperties(String logicalId) {
        if (!(resources().get(logicalId) instanceof Map<?, ?> resource)
                || !FUNCTION_TYPE.equals(resource.get("Type"))) {
            throw new IllegalArgumentException(source + " has no " + FUNCTION_TYPE + " " + logicalId + "; it has "
                    + functionIds());
        }
        return template.properties(logicalId);
    }

    private Map<String, Object> globalFunction() {
        if (!(template.root().get("Globals") instanceof Map<?, ?> globals) || globals.get("Function") == null) {
            return Map.of();
        }
        return CfnTemplate.map(globals.get("Function"), source + ": Globals.Function");
    }

    /** A value of the template and where it is, for messages. */
    private record Located(Object value, String path) {
    }

    /**
     * The entries of the mapping at {@code keys} below {@code properties}, each with its path; empty when absent. Each
     * level must be a plain mapping, which SAM can merge with Globals.
     */
    private Map<String, Located> entries(Map<String, Object> properties, String path, String... keys) {
        Object node = properties;
        String where = path;
        for (String key : keys) {
            node = plainMapping(node, where).get(key);
            where = where + "." + key;
            if (node == null) {
                return Map.of();
            }
        }
        Map<String, Located> entries = new LinkedHashMap<>();
        String parent = where;
        plainMapping(node, where).forEach((key, value) -> entries.put(key, new Located(value, parent + "." + key)));
        return entries;
    }

    private Map<String, Object> plainMapping(Object node, String where) {
        Map<String, Object> mapping = CfnTemplate.map(node, source + ": " + where);
        if (mapping.size() == 1 && Resolver.isIntrinsic(mapping.keySet().iterator().next())) {
            throw new IllegalArgumentException(source + ": " + where + " is built with "
                    + mapping.keySet().iterator().next() + "; the local runner reads it only as a plain mapping");
        }
        return mapping;
    }

    private Map<String, Object> section(String name) {
        Object section = template.root().get(name);
        return section == null ? Map.of() : CfnTemplate.map(section, source + ": " + name);
    }

    /** A property of the function, else of {@code Globals.Function}, resolved. */
    private final class Setting {
        private final Map<String, Object> own;
        private final String ownPath;
        private final Map<String, Object> globals;
        private final Resolver resolver;

        Setting(Map<String, Object> own, String ownPath, Map<String, Object> globals, Resolver resolver) {
            this.own = own;
            this.ownPath = ownPath;
            this.globals = globals;
            this.resolver = resolver;
        }

        String path(String key) {
            return own.containsKey(key) ? ownPath + "." + key : "Globals.Function." + key;
        }

        Optional<Object> resolved(String key) {
            Object value = own.containsKey(key) ? own.get(key) : globals.get(key);
            return value == null ? Optional.empty() : Optional.of(resolver.resolve(value, path(key)));
        }

        Object required(String key) {
            return resolved(key).orElseThrow(() -> new IllegalArgumentException(source + ": " + ownPath
                    + " has no " + key + ", nor has Globals.Function"));
        }
    }

    /** Stands for {@code !Ref AWS::NoValue}: the property, list item or variable is left out. */
    private enum NoValue { INSTANCE }

    /** Resolves intrinsic functions for one set of parameter values and stand-ins. */
    private final class Resolver {
        private final Map<String, Object> parameters = new HashMap<>();
        private final Map<String, String> standIns;
        private final Map<String, Boolean> conditions = new HashMap<>();

        Resolver(Map<String, String> given, Map<String, String> standIns) {
            this.standIns = Map.copyOf(standIns);
            Map<String, Object> declared = section("Parameters");
            given.keySet().stream().filter(name -> !declared.containsKey(name)).findFirst().ifPresent(name -> {
                throw new IllegalArgumentException(source + " has no parameter " + name);
            });
            declared.forEach((name, declaration) -> {
                Map<String, Object> parameter = CfnTemplate.map(declaration, source + ": Parameters." + name);
                Object value = given.containsKey(name) ? given.get(name) : parameter.get("Default");
                if (value == null) {
                    return;
                }
                String text = text(value, "Parameters." + name);
                String type = String.valueOf(parameter.get("Type"));
                boolean list = type.equals("CommaDelimitedList") || type.startsWith("List<");
                List<String> items = list ? List.of(text.split(",", -1)) : List.of(text);
                if (given.containsKey(name)) {
                    items.forEach(item -> requireAllowed(name, parameter, item));
                }
                parameters.put(name, list ? items : text);
            });
        }

        private void requireAllowed(String name, Map<String, Object> parameter, String value) {
            if (parameter.get("AllowedValues") instanceof List<?> allowed
                    && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new IllegalArgumentException("Parameter " + name + "=" + value + " is not one of " + allowed);
            }
            if (parameter.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
                throw new IllegalArgumentException("Parameter " + name + "=" + value + " does not match " + pattern);
            }
        }

        Object resolve(Object node, String where) {
            if (node instanceof Map<?, ?> map) {
                if (map.size() == 1) {
                    Map.Entry<?, ?> only = map.entrySet().iterator().next();
                    String key = String.valueOf(only.getKey());
                    if (isIntrinsic(key) && (!key.equals("Condition") || only.getValue() instanceof String)) {
                        return intrinsic(key, only.getValue(), where);
                    }
                }
                Map<String, Object> resolved = new LinkedHashMap<>();
                map.forEach((key, value) -> {
                    Object item = resolve(value, where + "." + key);
                    if (item != NoValue.INSTANCE) {
                        resolved.put(String.valueOf(key), item);
                    }
                });
                return resolved;
            }
            if (node instanceof List<?> list) {
                List<Object> resolved = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    Object item = resolve(list.get(i), where + "[" + i + "]");
                    if (item != NoValue.INSTANCE) {
                        resolved.add(item);
                    }
                }
                return resolved;
            }
            if (node instanceof String || node instanceof Number || node instanceof Boolean) {
                return node;
            }
            throw failure(where, "is " + node + ", neither text, a number nor a boolean");
        }

        static boolean isIntrinsic(String key) {
            return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
        }

        private Object intrinsic(String function, Object argument, String where) {
            return switch (function) {
                case "Ref" -> reference(text(argument, where + " (Ref)"), where);
                case "Fn::GetAtt" -> standIn(attributeName(argument, where), "!GetAtt", where);
                case "Fn::Sub" -> substitute(argument, where);
                case "Fn::Join" -> {
                    List<?> join = arguments(argument, 2, function, where);
                    List<String> items = new ArrayList<>();
                    for (Object item : list(resolve(join.get(1), where), where)) {
                        items.add(text(item, where));
                    }
                    yield String.join(text(join.get(0), where), items);
                }
                case "Fn::Select" -> {
                    List<?> select = arguments(argument, 2, function, where);
                    List<?> items = list(resolve(select.get(1), where), where);
                    int index = integer(resolve(select.get(0), where), where);
                    if (index < 0 || index >= items.size()) {
                        throw failure(where, "Fn::Select index " + index + " is outside " + items);
                    }
                    yield items.get(index);
                }
                case "Fn::Split" -> {
                    List<?> split = arguments(argument, 2, function, where);
                    yield List.of(text(resolve(split.get(1), where), where)
                            .split(Pattern.quote(text(split.get(0), where)), -1));
                }
                case "Fn::FindInMap" -> {
                    List<?> keys = arguments(argument, 3, function, where);
                    String mapName = text(resolve(keys.get(0), where), where);
                    String topKey = text(resolve(keys.get(1), where), where);
                    String secondKey = text(resolve(keys.get(2), where), where);
                    Object mapping = section("Mappings").get(mapName);
                    Object row = mapping instanceof Map<?, ?> rows ? rows.get(topKey) : null;
                    Object value = row instanceof Map<?, ?> columns ? columns.get(secondKey) : null;
                    if (value == null) {
                        throw failure(where, "Fn::FindInMap finds nothing at Mappings." + mapName + "." + topKey + "."
                                + secondKey);
                    }
                    yield resolve(value, "Mappings." + mapName + "." + topKey + "." + secondKey);
                }
                case "Fn::If" -> {
                    List<?> branches = arguments(argument, 3, function, where);
                    yield resolve(condition(text(branches.get(0), where), where) ? branches.get(1) : branches.get(2),
                            where);
                }
                case "Fn::Equals" -> {
                    List<?> sides = arguments(argument, 2, function, where);
                    yield plain(resolve(sides.get(0), where)).equals(plain(resolve(sides.get(1), where)));
                }
                case "Fn::Not" -> !bool(resolve(arguments(argument, 1, function, where).get(0), where), where);
                case "Fn::And", "Fn::Or" -> {
                    boolean and = function.equals("Fn::And");
                    boolean result = and;
                    for (Object operand : list(argument, where)) {
                        boolean value = bool(resolve(operand, where), where);
                        result = and ? result && value : result || value;
                    }
                    yield result;
                }
                case "Condition" -> condition(text(argument, where), where);
                default -> throw failure(where, function + " is not supported; teach SamTemplate to resolve it");
            };
        }

        private Object reference(String name, String where) {
            if (name.equals("AWS::NoValue")) {
                return NoValue.INSTANCE;
            }
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            return standIn(name, "!Ref", where);
        }

        /** A stand-in given by the caller; a declared parameter without a value, or anything else, fails. */
        private String standIn(String name, String how, String where) {
            if (standIns.containsKey(name)) {
                return standIns.get(name);
            }
            if (section("Parameters").containsKey(name)) {
                throw failure(where, "parameter " + name + " has no Default and no value was given");
            }
            throw failure(where, how + " " + name + " has no local stand-in (known: " + standIns.keySet().stream()
                    .sorted().toList() + ")");
        }

        private String attributeName(Object argument, String where) {
            if (argument instanceof String dotted) {
                return dotted;
            }
            List<?> parts = arguments(argument, 2, "Fn::GetAtt", where);
            return text(parts.get(0), where) + "." + text(resolve(parts.get(1), where), where);
        }

        private String substitute(Object argument, String where) {
            String pattern;
            Map<String, Object> variables = Map.of();
            if (argument instanceof List<?> withVariables) {
                List<?> sub = arguments(argument, 2, "Fn::Sub", where);
                pattern = text(sub.get(0), where);
                variables = CfnTemplate.map(resolve(withVariables.get(1), where), source + ": " + where);
            } else {
                pattern = text(argument, where);
            }
            Matcher variable = SUB_VARIABLE.matcher(pattern);
            StringBuilder result = new StringBuilder();
            while (variable.find()) {
                String name = variable.group(1);
                String value;
                if (name.startsWith("!")) {
                    value = "${" + name.substring(1) + "}";
                } else if (variables.containsKey(name)) {
                    value = text(variables.get(name), where + " ${" + name + "}");
                } else if (parameters.containsKey(name)) {
                    value = text(parameters.get(name), where + " ${" + name + "}");
                } else {
                    value = standIn(name, "${}", where);
                }
                variable.appendReplacement(result, Matcher.quoteReplacement(value));
            }
            variable.appendTail(result);
            return result.toString();
        }

        private boolean condition(String name, String where) {
            Boolean known = conditions.get(name);
            if (known != null) {
                return known;
            }
            Map<String, Object> declared = section("Conditions");
            if (!declared.containsKey(name)) {
                throw failure(where, "condition " + name + " is not in Conditions");
            }
            boolean value = bool(resolve(declared.get(name), "Conditions." + name), "Conditions." + name);
            conditions.put(name, value);
            return value;
        }

        /** Each value resolved to text, as Lambda takes variables; those resolving to AWS::NoValue left out. */
        Map<String, String> texts(Map<String, Located> values) {
            Map<String, String> texts = new LinkedHashMap<>();
            values.forEach((name, located) -> {
                Object value = resolve(located.value(), located.path());
                if (value != NoValue.INSTANCE) {
                    texts.put(name, text(value, located.path()));
                }
            });
            return texts;
        }

        Map<String, String> loggingVariables(Map<String, String> logging, String where) {
            Map<String, String> variables = new LinkedHashMap<>();
            String format = "TEXT";
            for (Map.Entry<String, String> entry : logging.entrySet()) {
                String value = entry.getValue();
                switch (entry.getKey()) {
                    case "LogFormat" -> {
                        format = value.toUpperCase(Locale.ROOT);
                        variables.put("AWS_LAMBDA_LOG_FORMAT", format);
                    }
                    case "ApplicationLogLevel" -> variables.put("AWS_LAMBDA_LOG_LEVEL", value.toUpperCase(Locale.ROOT));
                    case "SystemLogLevel" -> { }
                    default -> throw failure(where, entry.getKey()
                            + " is not known to the local runner; teach SamTemplate what Lambda derives from it");
                }
            }
            if (variables.containsKey("AWS_LAMBDA_LOG_LEVEL") && !format.equals("JSON")) {
                throw failure(where, "ApplicationLogLevel needs LogFormat JSON, as Lambda requires");
            }
            return variables;
        }

        String text(Object value, String where) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            throw failure(where, "must be text, a number or a boolean, but is " + describe(value));
        }

        int integer(Object value, String where) {
            try {
                return Integer.parseInt(text(value, where));
            } catch (NumberFormatException e) {
                throw failure(where, "must be a whole number, but is " + value);
            }
        }

        private boolean bool(Object value, String where) {
            if (value instanceof Boolean condition) {
                return condition;
            }
            throw failure(where, "must be a condition (true or false), but is " + describe(value));
        }

        private List<?> list(Object value, String where) {
            if (value instanceof List<?> list) {
                return list;
            }
            throw failure(where, "must be a list, but is " + describe(value));
        }

        private List<?> arguments(Object argument, int count, String function, String where) {
            List<?> arguments = list(argument, where);
            if (arguments.size() != count) {
                throw failure(where, function + " takes " + count + " arguments, not " + arguments.size());
            }
            return arguments;
        }

        /** Scalars as text, so that {@code -1} and {@code "-1"} are equal, as CloudFormation compares them. */
        private Object plain(Object value) {
            if (value instanceof List<?> list) {
                return list.stream().map(this::plain).toList();
            }
            return value instanceof Number || value instanceof Boolean ? value.toString() : value;
        }

        private String describe(Object value) {
            return value == NoValue.INSTANCE ? "AWS::NoValue" : value instanceof List<?> ? "the list " + value
                    : String.valueOf(value);
        }

        private IllegalArgumentException failure(String where, String problem) {
            return new IllegalArgumentException(source + ": " + where + ": " + problem);
        }
    }
}
