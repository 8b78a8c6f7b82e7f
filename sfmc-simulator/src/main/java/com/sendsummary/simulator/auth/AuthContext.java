package com.sendsummary.simulator.auth;

/**
 * Who is calling: the OAuth client ID or legacy username ({@code principal}) and the business unit the credentials act
 * for ({@code mid}).
 */
public record AuthContext(String principal, int mid) {
}
