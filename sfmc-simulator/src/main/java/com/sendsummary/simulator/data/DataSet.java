package com.sendsummary.simulator.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.faults.FaultRule;
import java.util.ArrayList;
import java.util.Collection;
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
 * (eager generators expanded, lazy ones kept as {@link LazyEvents}). Changes produce a new snapshot.
 */
public final class DataSet {

    private final Map<Integer, BusinessUnit> businessUnits;
    private final Map<String, ApiClient> clients;
    private final Map<String, ApiUser> users;
    private final Map<Integer, StoredSend> sends;
    private final Map<String, List<EventSequence>> events;
    private final List<FaultRule> faults;
    private final long nextSeq;
    private final int generatorCount;

    private DataSet(Map<Integer, BusinessUnit> businessUnits, Map<String, ApiClient> clients,
                    Map<String, ApiUser> users, Map<Integer, StoredSend> sends, Map<String, List<EventSequence>> events,
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
     * Validates a data file and expands its eager generators.
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

        Map<String, Map<Integer, List<EventRow>>> stored = new HashMap<>();
        Map<String, List<EventSequence>> lazy = new HashMap<>();
        int generatorIndex = generatorCount;
        for (EventGenerator generator : generators) {
            String type = eventType(generator.type());
            SendRow send = sendFor(mergedSends, generator.sendId(), type);
            if (Boolean.TRUE.equals(generator.lazy())) {
                LazyEvents rows = EventExpander.lazy(generator, type, send, generatorIndex++, seq);
                seq += rows.size();
                lazy.computeIfAbsent(type, key -> new ArrayList<>()).add(rows);
            } else {
                List<EventRow> rows = EventExpander.expand(generator, type, send, generatorIndex++, seq);
                seq += rows.size();
                rows.forEach(row -> rowsOf(stored, row).add(row));
            }
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
            EventRow row = new EventRow(seq++, type,
                    spec.sendId(), clientId, spec.subscriberKey(), spec.eventDate(), eventType, spec.batchId(),
                    spec.triggeredSendDefinitionObjectId(), spec.urlId(), spec.url(),
                    spec.urlIdLong() != null ? spec.urlIdLong()
                            : spec.urlId() != null ? spec.urlId().longValue() : null,
                    spec.smtpCode(), spec.bounceCategory(), spec.smtpReason(), spec.bounceType(),
                    spec.isMasterUnsubscribed(), spec.optInSubscriberKey(), spec.question(), spec.answer(),
                    spec.partnerProperties());
            rowsOf(stored, row).add(row);
        }
        // Only the materialised rows of the sends that received rows are copied and sorted; lazy sequences and
        // every other send's rows are shared with this snapshot, so appending to a huge send stays cheap.
        Map<String, List<EventSequence>> mergedEvents = new HashMap<>(events);
        stored.forEach((type, bySend) -> {
            List<EventSequence> sources = new ArrayList<>(mergedEvents.getOrDefault(type, List.of()));
            bySend.forEach((sendId, rows) -> {
                int at = storedIndex(sources, sendId);
                StoredEvents existing = at < 0 ? null : (StoredEvents) sources.get(at);
                StoredEvents merged = StoredEvents.merge(sendId, existing, rows);
                if (at < 0) {
                    sources.add(merged);
                } else {
                    sources.set(at, merged);
                }
            });
            mergedEvents.put(type, List.copyOf(sources));
        });
        lazy.forEach((type, sequences) -> {
            List<EventSequence> sources = new ArrayList<>(mergedEvents.getOrDefault(type, List.of()));
            sources.addAll(sequences);
            mergedEvents.put(type, List.copyOf(sources));
        });
        return new DataSet(businessUnits, clients, users, java.util.Collections.unmodifiableMap(mergedSends),
                Map.copyOf(mergedEvents), faults, seq, generatorIndex);
    }

    private static List<EventRow> rowsOf(Map<String, Map<Integer, List<EventRow>>> stored, EventRow row) {
        return stored.computeIfAbsent(row.type(), key -> new LinkedHashMap<>())
                .computeIfAbsent(row.sendId(), key -> new ArrayList<>());
    }

    private static int storedIndex(List<EventSequence> sources, int sendId) {
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i) instanceof StoredEvents stored && stored.sendId() == sendId) {
                return i;
            }
        }
        return -1;
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

    /** Events of one ObjectType: sorted sequences to merge by (EventDate, seq). */
    public TypeEvents events(String type) {
        return new TypeEvents(events.getOrDefault(type, List.of()));
    }

    /** The highest seq handed out so far (sends and events): every later addition gets a higher one. */
    public long lastSeq() {
        return nextSeq - 1;
    }

    public List<FaultRule> faults() {
        return faults;
    }

    public int businessUnitCount() {
        return businessUnits.size();
    }

    public long eventCount() {
        return events.values().stream().flatMap(List::stream).mapToLong(EventSequence::size).sum();
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
