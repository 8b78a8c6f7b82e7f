package com.sendsummary.simulator.data;

/** A legacy API user for WS-Security UsernameToken authentication. */
public record ApiUser(String username, String password, int defaultMid) {

    @Override
    public String toString() {
        return "ApiUser[username=" + username + ", defaultMid=" + defaultMid + "]";
    }
}
