package com.sendsummary.cursor;

/**
 * The next page of a listing lies deeper than a cursor may point (a resumed page re-reads the rows before it, and
 * could not do so within the request's time): answered {@code 400 listing_too_deep}, asking for a narrower window.
 */
public final class ListingTooDeepException extends RuntimeException {
    public ListingTooDeepException(long limit) {
        super("this listing goes deeper than " + limit + " rows, past what one page can skip: narrow the window with "
                + "from and to");
    }
}
