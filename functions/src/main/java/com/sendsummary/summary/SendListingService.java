package com.sendsummary.summary;

import com.sendsummary.cursor.ListingTooDeepException;
import com.sendsummary.sfmc.SendRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pages through the sends of a SendDate window, in the order SFMC returns them (by JobID as far as observed; the
 * simulator does the same), each with its summary counters. Every listed summary is also written to the cache (the
 * conditional put, the usual TTL), so a following {@code GET /sends/{jobId}/summary} is a hit.
 *
 * <p>SFMC's Retrieve has no offset, so a page is found by re-reading the window from its start: the sends before
 * the page are skipped as they stream by, and only the page plus one send (to know whether another page follows) are
 * read past them. Nothing is held in memory beyond the page and SFMC's current result page.
 */
public final class SendListingService {
    private final SendWindowSource source;
    private final SummaryService summaries;
    private final BoundedFanOut fanOut;

    /** @param maxCacheWritesInFlight how many summaries are written to the cache at the same time */
    public SendListingService(SendWindowSource source, SummaryService summaries, int maxCacheWritesInFlight) {
        this.source = source;
        this.summaries = summaries;
        this.fanOut = new BoundedFanOut(maxCacheWritesInFlight);
    }

    /**
     * Up to {@code limit} sends of the window, starting at {@code after} (empty = the first page).
     *
     * @throws ListingChangedException if the sends before {@code after} are not those the previous page saw
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails
     */
    public SendPage page(SendWindow window, int limit, Optional<PagePosition> after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<SendRecord> page = new ArrayList<>(Math.min(limit, 256));
        boolean more;
        try (Stream<SendRecord> sends = source.sends(window.from(), window.to(), window.clientId())) {
            Iterator<SendRecord> iterator = sends.iterator();
            after.ifPresent(position -> skip(iterator, position));
            while (page.size() < limit && iterator.hasNext()) {
                page.add(iterator.next());
            }
            more = iterator.hasNext();
        }
        int offset = after.map(PagePosition::offset).orElse(0) + page.size();
        if (more && offset > PagePosition.MAX_OFFSET) {
            throw new ListingTooDeepException(PagePosition.MAX_OFFSET);
        }
        Optional<PagePosition> next = more
                ? Optional.of(new PagePosition(offset, page.getLast().jobId()))
                : Optional.empty();
        return new SendPage(fanOut.map(page, send -> summaries.remember(send, window.clientId())), next);
    }

    private static void skip(Iterator<SendRecord> iterator, PagePosition position) {
        SendRecord last = null;
        for (int i = 0; i < position.offset(); i++) {
            if (!iterator.hasNext()) {
                throw new ListingChangedException(position);
            }
            last = iterator.next();
        }
        if (last == null || last.jobId() != position.lastJobId()) {
            throw new ListingChangedException(position);
        }
    }
}
