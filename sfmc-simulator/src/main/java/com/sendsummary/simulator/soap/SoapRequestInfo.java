package com.sendsummary.simulator.soap;

import static com.sendsummary.simulator.soap.Namespaces.PARTNER;
import static com.sendsummary.simulator.soap.Namespaces.SOAP11;

import com.sendsummary.simulator.RequestSummary;
import com.sendsummary.simulator.faults.FaultTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What the simulator needs to know about a SOAP request before CXF handles it: the parsed envelope (for
 * authentication and schema validation) and a summary for counting, logging and fault matching.
 *
 * @param document null when the body is not well-formed XML
 */
public record SoapRequestInfo(Document document, Element header, Element payload, String operation,
                              String objectType, List<Integer> clientIds, String continueRequest, String filterText,
                              Set<Integer> filterIds, List<String> properties, Boolean queryAllAccounts,
                              Boolean retrieveAllSinceLastBatch, Integer batchSize) {

    /** The servlet request attribute CXF interceptors read this from. */
    public static final String ATTRIBUTE = SoapRequestInfo.class.getName();

    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("RetrieveRequestMsg", "Retrieve"), Map.entry("CreateRequest", "Create"),
            Map.entry("UpdateRequest", "Update"), Map.entry("DeleteRequest", "Delete"),
            Map.entry("QueryRequestMsg", "Query"), Map.entry("DefinitionRequestMsg", "Describe"),
            Map.entry("ExecuteRequestMsg", "Execute"), Map.entry("PerformRequestMsg", "Perform"),
            Map.entry("ConfigureRequestMsg", "Configure"), Map.entry("ScheduleRequestMsg", "Schedule"),
            Map.entry("VersionInfoRequestMsg", "VersionInfo"), Map.entry("ExtractRequestMsg", "Extract"),
            Map.entry("SystemStatusRequestMsg", "GetSystemStatus"));

    /**
     * @param continuationType the ObjectType a RequestID pages through, for continuations that omit ObjectType
     */
    public static SoapRequestInfo parse(byte[] body, String soapAction,
                                        Function<String, Optional<String>> continuationType) {
        Document document;
        try {
            document = Xml.parse(body);
        } catch (Exception e) {
            return unparsed(soapAction);
        }
        Element envelope = document.getDocumentElement();
        Element header = Xml.child(envelope, SOAP11, "Header");
        Element payload = Xml.firstChildElement(Xml.child(envelope, SOAP11, "Body"));
        if (payload == null) {
            return new SoapRequestInfo(document, header, null, operationFromAction(soapAction), null, List.of(),
                    null, null, Set.of(), List.of(), null, null, null);
        }
        String operation = PARTNER.equals(payload.getNamespaceURI())
                ? OPERATIONS.getOrDefault(payload.getLocalName(), payload.getLocalName())
                : payload.getLocalName();
        Element request = Xml.child(payload, PARTNER, "RetrieveRequest");
        if (!"Retrieve".equals(operation) || request == null) {
            return new SoapRequestInfo(document, header, payload, operation, null, List.of(), null, null, Set.of(),
                    List.of(), null, null, null);
        }
        String continueRequest = Xml.text(Xml.child(request, PARTNER, "ContinueRequest"));
        String objectType = Xml.text(Xml.child(request, PARTNER, "ObjectType"));
        if ((objectType == null || objectType.isEmpty()) && continueRequest != null) {
            objectType = continuationType.apply(continueRequest).orElse(null);
        }
        List<Integer> clientIds = Xml.children(request, PARTNER, "ClientIDs").stream()
                .map(client -> integer(Xml.text(Xml.child(client, PARTNER, "ID"))))
                .filter(java.util.Objects::nonNull)
                .toList();
        Element filter = Xml.child(request, PARTNER, "Filter");
        Set<Integer> ids = new LinkedHashSet<>();
        String filterText = filter == null ? null : render(filter, ids);
        List<String> properties = Xml.children(request, PARTNER, "Properties").stream().map(Xml::text).toList();
        Element options = Xml.child(request, PARTNER, "Options");
        return new SoapRequestInfo(document, header, payload, operation, objectType, clientIds, continueRequest,
                filterText, Set.copyOf(ids), properties,
                bool(Xml.text(Xml.child(request, PARTNER, "QueryAllAccounts"))),
                bool(Xml.text(Xml.child(request, PARTNER, "RetrieveAllSinceLastBatch"))),
                integer(Xml.text(Xml.child(options, PARTNER, "BatchSize"))));
    }

    public boolean parsed() {
        return document != null;
    }

    public boolean continuation() {
        return continueRequest != null && !continueRequest.isEmpty();
    }

    public FaultTarget faultTarget() {
        return new FaultTarget(operation, objectType, filterIds, continuation());
    }

    public RequestSummary summary(Instant time, String fault) {
        return new RequestSummary(time, operation, objectType, clientIds, continuation(), continueRequest, filterText,
                properties.isEmpty() ? null : properties, queryAllAccounts, retrieveAllSinceLastBatch, batchSize,
                fault);
    }

    private static SoapRequestInfo unparsed(String soapAction) {
        return new SoapRequestInfo(null, null, null, operationFromAction(soapAction), null, List.of(), null, null,
                Set.of(), List.of(), null, null, null);
    }

    private static String operationFromAction(String soapAction) {
        String action = soapAction == null ? "" : soapAction.replace("\"", "").trim();
        return action.isEmpty() ? "unknown" : action;
    }

    /** {@code Property operator value[,value]} for simple parts, {@code (left AND right ...)} for complex ones. */
    private static String render(Element part, Set<Integer> ids) {
        Element left = Xml.child(part, PARTNER, "LeftOperand");
        if (left != null) {
            List<String> operands = new ArrayList<>();
            operands.add(render(left, ids));
            Element right = Xml.child(part, PARTNER, "RightOperand");
            if (right != null) {
                operands.add(render(right, ids));
            }
            for (Element operand : Xml.children(Xml.child(part, PARTNER, "AdditionalOperands"), PARTNER, "Operand")) {
                operands.add(render(operand, ids));
            }
            String operator = Xml.text(Xml.child(part, PARTNER, "LogicalOperator"));
            return operands.stream().collect(Collectors.joining(" " + operator + " ", "(", ")"));
        }
        String property = Xml.text(Xml.child(part, PARTNER, "Property"));
        String operator = Xml.text(Xml.child(part, PARTNER, "SimpleOperator"));
        List<String> values = new ArrayList<>();
        Xml.children(part, PARTNER, "Value").forEach(value -> values.add(Xml.text(value)));
        Xml.children(part, PARTNER, "DateValue").forEach(value -> values.add(Xml.text(value)));
        if (property != null && (property.equalsIgnoreCase("ID") || property.equalsIgnoreCase("SendID"))) {
            values.stream().map(SoapRequestInfo::integer).filter(java.util.Objects::nonNull).forEach(ids::add);
        }
        return property + " " + operator + (values.isEmpty() ? "" : " " + String.join(",", values));
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean bool(String text) {
        return text == null ? null : Boolean.valueOf(text.equals("1") || text.equalsIgnoreCase("true"));
    }
}
