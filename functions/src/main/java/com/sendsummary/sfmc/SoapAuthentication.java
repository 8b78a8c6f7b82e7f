package com.sendsummary.sfmc;

import java.time.Clock;
import javax.xml.namespace.QName;
import org.apache.cxf.headers.Header;
import org.apache.cxf.helpers.DOMUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SOAP header that authenticates each call: {@code <fueloauth xmlns="http://exacttarget.com">} with an OAuth2
 * token, or a WS-Security UsernameToken for a legacy API user. Headers are built as DOM elements so CXF writes
 * them as they are (no WS-Security runtime needed).
 */
abstract sealed class SoapAuthentication implements AutoCloseable {

    static final QName FUEL_OAUTH = new QName("http://exacttarget.com", "fueloauth");
    static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

    /** The header for the next call. */
    abstract Header header();

    /** Whether a rejected credential can be replaced by a fresh one (OAuth2 only). */
    abstract boolean refreshable();

    /** Forgets the credential carried by {@code rejected} so the next {@link #header()} fetches a new one. */
    abstract void invalidate(Header rejected);

    @Override
    public void close() {
    }

    static SoapAuthentication of(SfmcCredentials credentials, SfmcClientSettings settings, Clock clock) {
        if (credentials.usesOAuth()) {
            return new OAuth(new OAuthTokenSource(credentials, settings, clock));
        }
        return new UsernameToken(credentials.username(), credentials.password());
    }

    static final class OAuth extends SoapAuthentication {
        private final OAuthTokenSource tokens;

        OAuth(OAuthTokenSource tokens) {
            this.tokens = tokens;
        }

        @Override
        Header header() {
            Document document = DOMUtils.createDocument();
            Element element = document.createElementNS(FUEL_OAUTH.getNamespaceURI(), FUEL_OAUTH.getLocalPart());
            element.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", FUEL_OAUTH.getNamespaceURI());
            element.setTextContent(tokens.token());
            document.appendChild(element);
            return new Header(FUEL_OAUTH, element);
        }

        @Override
        boolean refreshable() {
            return true;
        }

        @Override
        void invalidate(Header rejected) {
            if (rejected.getObject() instanceof Element element) {
                tokens.invalidate(element.getTextContent());
            }
        }

        @Override
        public void close() {
            tokens.close();
        }
    }

    static final class UsernameToken extends SoapAuthentication {
        private final Header header;

        UsernameToken(String username, String password) {
            Document document = DOMUtils.createDocument();
            Element security = document.createElementNS(WSSE_NS, "wsse:Security");
            security.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:wsse", WSSE_NS);
            Element token = document.createElementNS(WSSE_NS, "wsse:UsernameToken");
            Element user = document.createElementNS(WSSE_NS, "wsse:Username");
            user.setTextContent(username);
            Element pass = document.createElementNS(WSSE_NS, "wsse:Password");
            pass.setAttributeNS(null, "Type", PASSWORD_TEXT);
            pass.setTextContent(password);
            token.appendChild(user);
            token.appendChild(pass);
            security.appendChild(token);
            document.appendChild(security);
            this.header = new Header(new QName(WSSE_NS, "Security"), security);
        }

        @Override
        Header header() {
            return header;
        }

        @Override
        boolean refreshable() {
            return false;
        }

        @Override
        void invalidate(Header rejected) {
        }
    }
}
