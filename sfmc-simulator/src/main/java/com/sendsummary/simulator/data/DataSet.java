package com.sendsummary.simulator.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.faults.FaultRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable snapshot of everything the simulator serves: business units, credentials, sends and tracking events
 * (generators already expanded). Changes produce a new snapshot.
 */
public final class DataSet {

    private static final Comparator<EventRow> EVENT_ORDER =
            Comparator.comparing(EventRow::eventDate).thenComparingLong(EventRow::seq);

    private final Map<Integer, BusinessUnit> businessUnits;
    private final Map<String, ApiClient> clients;
    private final Map<String, ApiUser> users;
    private final Map<Integer, StoredSend> sends;
    private final Map<String, List<EventRow>> events;
    private final List<FaultRule> faults;
    private final long nextSeq;
    private final int generatorCount;

    private DataSet(Map<Integer, BusinessUnit> businessUnits, Map<String, ApiClient> clients,
                    Map<String, ApiUser> users, Map<Integer, StoredSend> sends, Map<String, List<EventRow>> events,
                    List<FaultRule> faults, long nextSeq, int generatorCount) {
        this.businessUnits = businessUnits;
        this.clients = clients;
        this.users = users;
        this.sends = sends;
        this.events = events;
        this.faults = faults;
        this.nextSeq = nextSeq;
        this.generatorCount = generatorCount;
    }

    /**
     * Validates a data file and expands its generators.
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    public static DataSet from(DataFile file, ObjectMapper mapper) {
        Map<Integer, BusinessUnit> units = new LinkedHashMap<>();
        for (BusinessUnit unit : file.businessUnits()) {
            require(unit.mid() > 0, "businessUnits: mid must be a positive number");
            require(units.put(unit.mid(), unit) == null, "businessUnits: duplicate mid " + unit.mid());
        }
        for (BusinessUnit unit : units.values()) {
            require(unit.parentMid() == null || units.containsKey(unit.parentMid()),
                    "businessUnits: parentMid " + unit.parentMid() + " of " + unit.mid() + " is not a business unit");
        }
        Map<String, ApiClient> clients = new LinkedHashMap<>();
        for (ApiClient client : file.clients()) {
            require(client.clientId() != null && client.clientSecret() != null,
                    "clients: clientId and clientSecret are required");
            require(units.containsKey(client.defaultMid()),
                    "clients: defaultMid " + client.defaultMid() + " of " + client.clientId()
                            + " is not a business unit");
            clients.put(client.clientId(), client);
        }
        Map<String, ApiUser> users = new LinkedHashMap<>();
        for (ApiUser user : file.users()) {
            require(user.username() != null && user.password() != null, "users: username and password are required");
            require(units.containsKey(user.defaultMid()),
                    "users: defaultMid " + user.defaultMid() + " of " + user.username() + " is not a business unit");
            users.put(user.username(), user);
        }
        DataSet base = new DataSet(Map.copyOf(units), Map.copyOf(clients), Map.copyOf(users), Map.of(), Map.of(),
                List.copyOf(file.faults()), 1, 0);
        List<JsonNode> allEvents = new ArrayList<>(file.events());
        return base.plus(file.sends(), allEvents, file.eventGenerators(), mapper);
    }

    /** A new snapshot with these sends added (same ID = replaced) and these events appended. */
    public DataSet plus(Collection<SendRow> newSends, Collection<JsonNode> newEvents,
                        Collection<EventGenerator> newGenerators, ObjectMapper mapper) {
        long seq = nextSeq;
        Map<Integer, StoredSend> mergedSends = new TreeMap<>(sends);
        for (SendRow send : newSends) {
            require(send.id() > 0, "sends: id must be a positive number");
            require(businessUnits.containsKey(send.clientId()),
                    "sends: clientId " + send.clientId() + " of send " + send.id() + " is not a business unit");
            mergedSends.put(send.id(), new StoredSend(seq++, send));
        }
        List<EventSpec> specs = new ArrayList<>();
        List<EventGenerator> generators = new ArrayList<>();
        for (JsonNode node : newEvents) {
            try {
                if (node.has("count")) {
                    generators.add(mapper.treeToValue(node, EventGenerator.class));
                } else {
                    specs.add(mapper.treeToValue(node, EventSpec.class));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("events: " + e.getOriginalMessage(), e);
            }
        }
        generators.addAll(newGenerators);

        Map<String, List<EventRow>> mergedEvents = new HashMap<>();
        events.forEach((type, rows) -> mergedEvents.put(type, new ArrayList<>(rows)));
        int generatorIndex = generatorCount;
        for (EventGenerator generator : generators) {
            String type = eventType(generator.type());
            SendRow send = sendFor(mergedSends, generator.sendId(), type);
            List<EventRow> rows = EventExpander.expand(generator, type, send, generatorIndex++, seq);
            seq += rows.size();
            mergedEvents.computeIfAbsent(type, key -> new ArrayList<>()).addAll(rows);
        }
        for (EventSpec spec : specs) {
            String type = eventType(spec.type());
            require(spec.eventDate() != null, "events: " + type + " for send " + spec.sendId() + " needs an eventDate");
            Integer clientId = spec.clientId();
            if (clientId == null) {
                clientId = sendFor(mergedSends, spec.sendId(), type).clientId();
            }
            require(businessUnits.containsKey(clientId), "events: clientId " + clientId + " is not a business unit");
            String eventType = spec.eventType() != null ? spec.eventType()
                    : type.equals("BounceEvent") && spec.bounceCategory() != null
                    ? EventTypes.bounceEventType(spec.bounceCategory()) : EventTypes.defaultEventType(type);
            mergedEvents.computeIfAbsent(type, key -> new ArrayList<>()).add(new EventRow(seq++, type,
                    spec.sendId(), clientId, spec.subscriberKey(), spec.eventDate(), eventType, spec.batchId(),
                    spec.triggeredSendDefinitionObjectId(), spec.urlId(), spec.url(),
                    spec.urlIdLong() != null ? spec.urlIdLong()
                            : spec.urlId() != null ? spec.urlId().longValue() : null,
                    spec.smtpCode(), spec.bounceCategory(), spec.smtpReason(), spec.bounceType(),
                    spec.isMasterUnsubscribed(), spec.optInSubscriberKey(), spec.question(), spec.answer(),
                    spec.partnerProperties()));
        }
        Map<String, List<EventRow>> sorted = new HashMap<>();
        mergedEvents.forEach((type, rows) -> {
            rows.sort(EVENT_ORDER);
            sorted.put(type, List.copyOf(rows));
        });
        return new DataSet(businessUnits, clients, users, java.util.Collections.unmodifiableMap(mergedSends),
                Map.copyOf(sorted), faults, seq, generatorIndex);
    }

    public Optional<ApiClient> client(String clientId) {
        return Optional.ofNullable(clientId).map(clients::get);
    }

    public Optional<ApiUser> user(String username) {
        return Optional.ofNullable(username).map(users::get);
    }

    public boolean hasBusinessUnit(int mid) {
        return businessUnits.containsKey(mid);
    }

    /** The MID itself and every BU below it. */
    public Set<Integer> selfAndDescendants(int mid) {
        Set<Integer> result = new LinkedHashSet<>();
        result.add(mid);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (BusinessUnit unit : businessUnits.values()) {
                if (unit.parentMid() != null && result.contains(unit.parentMid()) && result.add(unit.mid())) {
                    grew = true;
                }
            }
        }
        return result;
    }

    /** Sends ordered by ID. */
    public Collection<StoredSend> sends() {
        return sends.values();
    }

    /** Events of one ObjectType ordered by EventDate. */
    public List<EventRow> events(String type) {
        return events.getOrDefault(type, List.of());
    }

    public List<FaultRule> faults() {
        return faults;
    }

    public int businessUnitCount() {
        return businessUnits.size();
    }

    public int eventCount() {
        return events.values().stream().mapToInt(List::size).sum();
    }

    private static String eventType(String type) {
        String canonical = EventTypes.canonical(type);
        require(canonical != null, "events: unknown event type '" + type + "'; expected one of " + EventTypes.all());
        return canonical;
    }

    private static SendRow sendFor(Map<Integer, StoredSend> sends, int sendId, String type) {
        StoredSend stored = sends.get(sendId);
        require(stored != null, "events: " + type + " refers to send " + sendId
                + ", which is not in sends (give clientId explicitly for events of unknown sends)");
        return stored.send();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
