package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.auth.AuthContext;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.DataStore;
import com.sendsummary.simulator.wsdl.APIObject;
import com.sendsummary.simulator.wsdl.ClientID;
import com.sendsummary.simulator.wsdl.RetrieveRequest;
import com.sendsummary.simulator.wsdl.RetrieveResponseMsg;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The semantics of Retrieve: object types, properties, filters, business-unit visibility and paging. */
public final class RetrieveService {

    private final DataStore data;
    private final PagingStore paging;
    private final BatchWatermarks watermarks;
    private final int pageSize;

    public RetrieveService(DataStore data, PagingStore paging, BatchWatermarks watermarks, int pageSize) {
        this.data = data;
        this.paging = paging;
        this.watermarks = watermarks;
        this.pageSize = pageSize;
    }

    /**
     * @param filterText the request's filter rendered as text, part of the RetrieveAllSinceLastBatch key
     */
    public RetrieveResponseMsg retrieve(RetrieveRequest request, AuthContext caller, String filterText) {
        try {
            String continueRequest = request.getContinueRequest();
            if (continueRequest != null && !continueRequest.isBlank()) {
                return continuePaging(request, continueRequest.trim());
            }
            return firstPage(request, caller, filterText);
        } catch (RetrieveRejectedException e) {
            return error(e.overallStatus());
        }
    }

    /** An HTTP 200 answer with {@code OverallStatus = "Error: <message>"}. */
    public static RetrieveResponseMsg error(String overallStatus) {
        RetrieveResponseMsg response = new RetrieveResponseMsg();
        response.setOverallStatus(overallStatus);
        response.setRequestID(UUID.randomUUID().toString());
        return response;
    }

    private RetrieveResponseMsg firstPage(RetrieveRequest request, AuthContext caller, String filterText) {
        String objectType = request.getObjectType() == null ? "" : request.getObjectType().trim();
        ObjectKind<?> kind = objectType.equalsIgnoreCase("Send") ? SendKind.INSTANCE : EventKind.of(objectType);
        if (kind == null) {
            throw new RetrieveRejectedException("The object type " + objectType
                    + " is not retrievable by the SFMC simulator (supported: Send and the TrackingEvent types).");
        }
        return firstPage(kind, request, caller, filterText);
    }

    private <R> RetrieveResponseMsg firstPage(ObjectKind<R> kind, RetrieveRequest request, AuthContext caller,
                                              String filterText) {
        Set<String> requested = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String property : request.getProperties()) {
            String name = property == null ? "" : property.trim();
            if (kind.retrievable(name.toLowerCase(Locale.ROOT))) {
                requested.add(name.toLowerCase(Locale.ROOT));
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new RetrieveRejectedException("The Request Property(s) " + String.join(", ", unknown)
                    + " do not match with the fields of " + kind.objectType() + " retrieve");
        }
        Predicate<R> filter = FilterCompiler.compile(request.getFilter(), kind::field, kind.objectType());
        ScanBounds bounds = ScanBounds.of(request.getFilter(), kind::field);
        DataSet dataSet = data.current();
        Set<Integer> visible = visibleBusinessUnits(dataSet, request, caller);
        Predicate<R> matches = row -> visible.contains(kind.mid(row)) && filter.test(row);
        if (Boolean.TRUE.equals(request.isRetrieveAllSinceLastBatch())) {
            String key = String.join("|", caller.principal(), String.valueOf(caller.mid()), kind.objectType(),
                    String.join(",", new TreeSet<>(requested)), Objects.toString(filterText, ""),
                    new TreeSet<>(visible).toString());
            long watermark = watermarks.get(key);
            bounds = bounds.withAfterSeq(watermark);
            matches = matches.and(row -> kind.seq(row) > watermark);
            // Rows are immutable and the key fixes the filter and the BUs, so no row of this snapshot beyond the
            // matches can match later: the snapshot's last seq is the same watermark as the highest matched one.
            watermarks.advance(key, dataSet.lastSeq());
        }
        RowScan<R> scan = kind.scan(dataSet, bounds, matches);
        return page(kind, scan, scan.start(), batchSize(request, pageSize), Set.copyOf(requested));
    }

    private RetrieveResponseMsg continuePaging(RetrieveRequest request, String requestId) {
        PagingStore.Cursor<?> cursor = paging.get(requestId).orElseThrow(() -> new RetrieveRejectedException(
                "The ContinueRequest " + requestId + " does not match a RequestID of a retrieve in progress"
                        + " (unknown or expired)."));
        String objectType = request.getObjectType();
        if (objectType != null && !objectType.isBlank()
                && !objectType.trim().equalsIgnoreCase(cursor.kind().objectType())) {
            throw new RetrieveRejectedException("The ContinueRequest " + requestId + " belongs to a "
                    + cursor.kind().objectType() + " retrieve, not " + objectType.trim() + ".");
        }
        Integer requested = requestedBatchSize(request);
        return resume(cursor, requested == null ? cursor.batchSize() : Math.min(requested, pageSize));
    }

    private <R> RetrieveResponseMsg resume(PagingStore.Cursor<R> cursor, int batchSize) {
        return page(cursor.kind(), cursor.scan(), cursor.position(), batchSize, cursor.properties());
    }

    private <R> RetrieveResponseMsg page(ObjectKind<R> kind, RowScan<R> scan, int[] position, int batchSize,
                                         Set<String> requested) {
        RowScan.Page<R> page = scan.read(position, batchSize);
        RetrieveResponseMsg response = new RetrieveResponseMsg();
        List<APIObject> results = response.getResults();
        for (R row : page.rows()) {
            results.add(kind.toResult(row, requested));
        }
        if (page.next() != null) {
            response.setOverallStatus("MoreDataAvailable");
            response.setRequestID(paging.put(kind, scan, page.next(), requested, batchSize));
        } else {
            response.setOverallStatus("OK");
            response.setRequestID(UUID.randomUUID().toString());
        }
        return response;
    }

    /**
     * Without ClientIDs only the caller's BU; with ClientIDs those of them the caller may read (itself and its
     * descendants; others are silently left out); QueryAllAccounts: the caller's BU and all below it.
     */
    private static Set<Integer> visibleBusinessUnits(DataSet dataSet, RetrieveRequest request, AuthContext caller) {
        Set<Integer> reachable = dataSet.selfAndDescendants(caller.mid());
        if (Boolean.TRUE.equals(request.isQueryAllAccounts())) {
            return reachable;
        }
        Set<Integer> listed = request.getClientIDs().stream()
                .map(RetrieveService::mid)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (listed.isEmpty()) {
            return Set.of(caller.mid());
        }
        listed.retainAll(reachable);
        return listed;
    }

    private static Integer mid(ClientID client) {
        return client.getID() != null ? client.getID() : client.getClientID();
    }

    /** The server's page size, or the request's smaller BatchSize. */
    private static int batchSize(RetrieveRequest request, int serverPageSize) {
        Integer requested = requestedBatchSize(request);
        return requested == null ? serverPageSize : Math.min(requested, serverPageSize);
    }

    private static Integer requestedBatchSize(RetrieveRequest request) {
        Integer requested = request.getOptions() == null ? null : request.getOptions().getBatchSize();
        return requested == null || requested <= 0 ? null : requested;
    }
}
