package com.sendsummary.summary;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing: the summaries (without cache block) and, unless it is the last page, where the next starts.
 */
public record SendPage(List<SendSummary> sends, Optional<PagePosition> next) {
    public SendPage {
        sends = List.copyOf(sends);
    }
}
