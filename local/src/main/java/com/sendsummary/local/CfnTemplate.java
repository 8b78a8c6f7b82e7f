package com.sendsummary.local;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code template.yaml} as plain maps, lists and scalars, for {@link SamTemplate} and the tests of the template.
 * CloudFormation's short-form tags become their long form, as CloudFormation reads them: {@code !Ref X} is
 * {@code {Ref: X}}, {@code !GetAtt A.B} is {@code {Fn::GetAtt: [A, B]}}, {@code !Sub}, {@code !If} and the others
 * are {@code {Fn::<Name>: value}}. A part that is not the shape asked for fails with
 * {@link IllegalArgumentException} naming it.
 */
final class CfnTemplate {

    private final Map<String, Object> root;

    private CfnTemplate(Map<String, Object> root) {
        this.root = root;
    }

    /** The project's {@code template.yaml}. */
    static CfnTemplate load() throws IOException {
        return load(ProjectLayout.detect().root().resolve("template.yaml"));
    }

    static CfnTemplate load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader, file.toString());
        }
    }

    /** A template given as text, e.g. a small one in a test; {@code source} names it in messages. */
    static CfnTemplate parse(String yaml, String source) {
        return read(new StringReader(yaml), source);
    }

    private static CfnTemplate read(Reader reader, String source) {
        return new CfnTemplate(map(new Yaml(new ShortFormConstructor()).load(reader), source));
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> section(String name) {
        return map(root.get(name), name);
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    /** The resource's whole definition (Type, Properties, DeletionPolicy ...); fails naming it when absent. */
    Map<String, Object> resource(String logicalId) {
        return map(resources().get(logicalId), "Resources." + logicalId);
    }

    String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"), "Resources." + logicalId + ".Properties");
    }

    Map<String, Object> parameter(String name) {
        return map(section("Parameters").get(name), "Parameters." + name);
    }

    /** {@code Globals.Function}, the defaults SAM applies to every function. */
    Map<String, Object> globalFunction() {
        return map(section("Globals").get("Function"), "Globals.Function");
    }

    /** The function's environment variables of its own (not those of Globals). */
    Map<String, Object> ownVariables(String functionId) {
        Object environment = properties(functionId).get("Environment");
        if (environment == null) {
            return Map.of();
        }
        return map(map(environment, functionId + ".Environment").get("Variables"), functionId + ".Variables");
    }

    /** The value at a path of keys below {@code from}, e.g. {@code get(properties, "AccessLogSettings", "Format")}. */
    static Object get(Object from, String... path) {
        Object current = from;
        for (String key : path) {
            current = map(current, key).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a mapping but " + value);
        }
        return (Map<String, Object>) map;
    }

    static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    static Map<String, Object> sub(String template) {
        return Map.of("Fn::Sub", template);
    }

    static Map<String, Object> ifCondition(String condition, Object whenTrue, Object whenFalse) {
        return Map.of("Fn::If", List.of(condition, whenTrue, whenFalse));
    }

    static Map<String, Object> noValue() {
        return ref("AWS::NoValue");
    }

    /** Safe YAML plus every {@code !Tag} of CloudFormation, turned into its long form. */
    private static final class ShortFormConstructor extends SafeConstructor {

        ShortFormConstructor() {
            super(new LoaderOptions());
            // The constructor of tags no other constructor claims: here, only CloudFormation's.
            yamlConstructors.put(null, new ShortForm());
        }

        private final class ShortForm extends AbstractConstruct {

            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!")) {
                    throw new IllegalArgumentException("Unexpected YAML tag " + tag + " at " + node.getStartMark());
                }
                String function = tag.substring(1);
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("Unexpected node " + node);
                };
                if (function.equals("GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                return Map.of(function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function,
                        value);
            }
        }
    }
}
