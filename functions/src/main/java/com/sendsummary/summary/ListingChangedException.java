package com.sendsummary.summary;

/**
 * The sends of a window changed between two pages of a listing (one before the page position was removed, or SFMC
 * returned them in another order), so continuing would skip or repeat sends; the caller must start over.
 */
public final class ListingChangedException extends RuntimeException {
    public ListingChangedException(PagePosition position) {
        super("The sends of this window changed since the page ending with JobID " + position.lastJobId()
                + " was served; list again from the first page");
    }
}
