package com.sendsummary.handler;

import com.sendsummary.config.BusinessUnits;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.engagement.EngagementService;
import com.sendsummary.events.EventsService;
import com.sendsummary.summary.BatchSummaryService;
import com.sendsummary.summary.SendListingService;
import com.sendsummary.summary.SummaryService;
import java.time.Clock;

/** Everything the HTTP routes call: built from the environment by {@link Wiring}, or from test doubles. */
record HttpServices(SummaryService summaries, SendListingService listing, BatchSummaryService batch,
                    EventsService events, EngagementService engagements, BusinessUnits units, CursorCodec cursors,
                    Clock clock) {
}
