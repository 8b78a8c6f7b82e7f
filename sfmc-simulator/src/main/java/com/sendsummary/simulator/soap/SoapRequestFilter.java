package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.RequestStats;
import com.sendsummary.simulator.faults.BufferedResponse;
import com.sendsummary.simulator.faults.FaultAction;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.faults.FaultRules;
import com.sendsummary.simulator.faults.GeneratedBody;
import com.sendsummary.simulator.faults.HttpFaults;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of CXF on {@code /Service.asmx}: reads the envelope once, counts and logs the request, picks the fault rule
 * that applies, and carries out the HTTP-level fault actions (delay, http500, malformed, unknown elements / types,
 * trickle, oversized).
 */
public final class SoapRequestFilter implements Filter {

    /** Request attribute holding the {@link FaultRule} chosen for this request. */
    public static final String FAULT_RULE_ATTRIBUTE = FaultRule.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(SoapRequestFilter.class);

    private final FaultRules faults;
    private final RequestStats stats;
    private final PagingStore paging;
    private final Clock clock;

    public SoapRequestFilter(FaultRules faults, RequestStats stats, PagingStore paging, Clock clock) {
        this.faults = faults;
        this.stats = stats;
        this.paging = paging;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        SoapRequestInfo info = SoapRequestInfo.parse(body, request.getHeader("SOAPAction"), paging::objectTypeOf);
        Optional<FaultRule> rule = faults.take(info.faultTarget());
        stats.record(info.summary(clock.instant(), rule.map(r -> r.action().wireName()).orElse(null)));
        LOG.debug("{} {} continue={} filter={} fault={}", info.operation(), info.objectType(), info.continuation(),
                info.filterText(), rule.map(r -> r.action().wireName()).orElse("-"));

        HttpServletRequest replay = new ReplayedRequest(request, body);
        replay.setAttribute(SoapRequestInfo.ATTRIBUTE, info);
        rule.ifPresent(r -> replay.setAttribute(FAULT_RULE_ATTRIBUTE, r));
        FaultAction action = rule.map(FaultRule::action).orElse(null);
        if (action == null) {
            chain.doFilter(replay, response);
            return;
        }
        switch (action) {
            case DELAY -> {
                HttpFaults.delay(rule.get());
                chain.doFilter(replay, response);
            }
            case HTTP500 -> HttpFaults.throttled(response, rule.get());
            case MALFORMED, UNKNOWN_ELEMENTS, UNKNOWN_RESULT_TYPE, TRICKLE, OVERSIZED -> {
                BufferedResponse buffered = new BufferedResponse(response);
                chain.doFilter(replay, buffered);
                byte[] original = buffered.body();
                String contentType = response.getContentType() == null ? "text/xml; charset=utf-8"
                        : response.getContentType();
                switch (action) {
                    case MALFORMED -> HttpFaults.write(response, 200, contentType, HttpFaults.truncate(original));
                    case TRICKLE -> HttpFaults.trickle(response, response.getStatus(), contentType, original,
                            rule.get());
                    case OVERSIZED -> oversized(response, contentType, original, rule.get());
                    case UNKNOWN_ELEMENTS -> HttpFaults.write(response, response.getStatus(), contentType,
                            ResponseTamper.addUnknownElements(original));
                    default -> HttpFaults.write(response, response.getStatus(), contentType,
                            ResponseTamper.addUnknownResultType(original));
                }
            }
            // soapFault, errorStatus and authFault are answered by CXF (endpoint and guard interceptor).
            default -> chain.doFilter(replay, response);
        }
    }

    /** The real answer grown without end; a fault (no RetrieveResponseMsg) passes unchanged. */
    private static void oversized(HttpServletResponse response, String contentType, byte[] original, FaultRule rule)
            throws IOException {
        Optional<GeneratedBody> body = OversizedRetrieve.around(original, rule.shapeOrDefault(),
                rule.sizeBytesOrDefault());
        if (body.isPresent()) {
            HttpFaults.oversized(response, 200, contentType, body.get());
        } else {
            HttpFaults.write(response, response.getStatus(), contentType, original);
        }
    }

    /** The request with its body available again for CXF. */
    private static final class ReplayedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Replayed requests are synchronous");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] bytes, int offset, int length) {
                    return in.read(bytes, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    java.nio.charset.Charset.forName(encoding, StandardCharsets.UTF_8)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
