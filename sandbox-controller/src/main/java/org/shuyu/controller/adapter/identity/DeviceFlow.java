package org.shuyu.controller.adapter.identity;

import java.util.LinkedHashMap;
import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The development issuer's OAuth 2.0 Device Authorization Grant (RFC 8628) and its refresh tokens, all in memory:
 * device codes with their short user codes (e.g. {@code BDFG-HJKL}), expiring and used once, and opaque refresh tokens
 * bound to a demo user, rotated on every use and expiring. Nothing here survives a restart, which is right for a
 * development issuer: the CLI then simply logs in again. One instance per controller; every method is synchronized
 * (the maps are small and calls are rare).
 */
public final class DeviceFlow {
    /** Consonants only: no vowels (no words), no look-alikes (no I, O, 0, 1). 20^8 codes. */
    static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    /** At most this many device codes wait at once; more are refused until some expire (a development issuer's bound). */
    static final int MAX_PENDING = 1_000;
    /** At most this many refresh tokens are kept; the oldest are dropped first. */
    static final int MAX_REFRESH_TOKENS = 10_000;
    /** RFC 8628 section 3.5: after {@code slow_down} the client adds 5 seconds to its interval; so do we. */
    static final int SLOW_DOWN_SECONDS = 5;

    /** What {@code POST /dev/oauth/device} answers (RFC 8628 section 3.2), without the verification URIs. */
    public record Authorization(String deviceCode, String userCode, long expiresIn, int interval) {}

    /** A pending device code as the verification page shows it. */
    public record Pending(String userCode, String clientId, String scope, Instant expiresAt) {}

    /** The outcome of one poll of the token endpoint with a device code. */
    public sealed interface Poll {
        /** The user approved: issue tokens for this demo user. The device code is now spent. */
        record Approved(String username, String scope) implements Poll {}

        /** An OAuth error ({@code authorization_pending}, {@code slow_down}, {@code expired_token}, ...). */
        record Refused(String error, String description) implements Poll {}
    }

    /** The outcome of approving or denying a user code on the verification page. */
    public enum Decision { DONE, UNKNOWN, ALREADY_USED }

    private enum State { PENDING, APPROVED, DENIED, SPENT }

    private static final class DeviceCode {
        final String deviceCode;
        final String userCode;
        final String clientId;
        final String scope;
        final Instant expiresAt;
        State state = State.PENDING;
        String username;
        int interval;
        Instant lastPoll;

        DeviceCode(String deviceCode, String userCode, String clientId, String scope, Instant expiresAt, int interval) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.clientId = clientId;
            this.scope = scope;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }
    }

    private record RefreshToken(String username, String clientId, String scope, Instant expiresAt) {}

    private final Clock clock;
    private final Duration codeLifetime;
    private final int interval;
    private final Duration refreshLifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, DeviceCode> byDeviceCode = new HashMap<>();
    private final Map<String, DeviceCode> byUserCode = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new LinkedHashMap<>();

    public DeviceFlow(Clock clock, Duration codeLifetime, int interval, Duration refreshLifetime) {
        this.clock = requireNonNull(clock, "clock is null");
        this.codeLifetime = requireNonNull(codeLifetime, "codeLifetime is null");
        this.interval = interval;
        this.refreshLifetime = requireNonNull(refreshLifetime, "refreshLifetime is null");
    }

    /** A new device code and user code for a client, or empty when too many are pending. */
    public synchronized Optional<Authorization> authorize(String clientId, String scope) {
        purge();
        if (byDeviceCode.size() >= MAX_PENDING) {
            return Optional.empty();
        }
        String userCode;
        do {
            userCode = newUserCode();
        } while (byUserCode.containsKey(userCode));
        DeviceCode code = new DeviceCode(secret(), userCode, clientId, scope == null ? "" : scope,
                clock.instant().plus(codeLifetime), interval);
        byDeviceCode.put(code.deviceCode, code);
        byUserCode.put(code.userCode, code);
        return Optional.of(new Authorization(code.deviceCode, code.userCode, codeLifetime.toSeconds(), interval));
    }

    /** The pending code a person typed (any case, with or without the dash and spaces), if it is still pending. */
    public synchronized Optional<Pending> pending(String typedUserCode) {
        purge();
        return Optional.ofNullable(byUserCode.get(normalize(typedUserCode)))
                .filter(c -> c.state == State.PENDING)
                .map(c -> new Pending(c.userCode, c.clientId, c.scope, c.expiresAt));
    }

    /** The person approved the user code as this demo user. */
    public synchronized Decision approve(String typedUserCode, String username) {
        return decide(typedUserCode, State.APPROVED, requireNonNull(username, "username is null"));
    }

    /** The person denied the user code. */
    public synchronized Decision deny(String typedUserCode) {
        return decide(typedUserCode, State.DENIED, null);
    }

    private Decision decide(String typedUserCode, State state, String username) {
        purge();
        DeviceCode code = byUserCode.get(normalize(typedUserCode));
        if (code == null) {
            return Decision.UNKNOWN;
        }
        if (code.state != State.PENDING) {
            return Decision.ALREADY_USED;
        }
        code.state = state;
        code.username = username;
        return Decision.DONE;
    }

    /** One poll of the token endpoint (RFC 8628 section 3.5). */
    public synchronized Poll poll(String deviceCode, String clientId) {
        Instant now = clock.instant();
        DeviceCode code = deviceCode == null ? null : byDeviceCode.get(deviceCode);
        if (code == null) {
            purge();
            return new Poll.Refused("invalid_grant", "unknown device_code");
        }
        if (!code.clientId.equals(clientId)) {
            return new Poll.Refused("invalid_grant", "the device_code was issued to another client");
        }
        if (!now.isBefore(code.expiresAt)) {
            forget(code);
            return new Poll.Refused("expired_token", "the device_code has expired; start the login again");
        }
        switch (code.state) {
            case SPENT:
                return new Poll.Refused("invalid_grant", "the device_code was already used");
            case DENIED:
                forget(code);
                return new Poll.Refused("access_denied", "the login was denied");
            case APPROVED:
                code.state = State.SPENT;
                forget(code);
                // Kept a little longer so that a replay is told it was used, not that it is unknown.
                byDeviceCode.put(code.deviceCode, code);
                return new Poll.Approved(code.username, code.scope);
            default:
                break;
        }
        Instant last = code.lastPoll;
        code.lastPoll = now;
        if (last != null && Duration.between(last, now).compareTo(Duration.ofSeconds(code.interval)) < 0) {
            code.interval += SLOW_DOWN_SECONDS;
            return new Poll.Refused("slow_down", "poll at most every " + code.interval + " s");
        }
        return new Poll.Refused("authorization_pending", "the login has not been approved yet");
    }

    /** A new refresh token for a user (after a device-flow approval or a rotation). */
    public synchronized String issueRefreshToken(String username, String clientId, String scope) {
        purge();
        while (refreshTokens.size() >= MAX_REFRESH_TOKENS) {
            Iterator<String> oldest = refreshTokens.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        String token = secret();
        refreshTokens.put(token, new RefreshToken(username, clientId, scope, clock.instant().plus(refreshLifetime)));
        return token;
    }

    /** The user behind a refresh token, which is spent by this call (rotation); empty if unknown, expired or another client's. */
    public synchronized Optional<Poll.Approved> redeemRefreshToken(String token, String clientId) {
        if (token == null) {
            return Optional.empty();
        }
        RefreshToken stored = refreshTokens.remove(token);
        if (stored == null || !clock.instant().isBefore(stored.expiresAt()) || !stored.clientId().equals(clientId)) {
            return Optional.empty();
        }
        return Optional.of(new Poll.Approved(stored.username(), stored.scope()));
    }

    static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder letters = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                letters.append(c);
            }
        }
        if (letters.length() != 8) {
            return letters.toString();
        }
        return letters.substring(0, 4) + "-" + letters.substring(4);
    }

    private String newUserCode() {
        StringBuilder code = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(USER_CODE_ALPHABET.charAt(random.nextInt(USER_CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void forget(DeviceCode code) {
        byDeviceCode.remove(code.deviceCode);
        byUserCode.remove(code.userCode);
    }

    private void purge() {
        Instant now = clock.instant();
        byDeviceCode.values().removeIf(c -> !now.isBefore(c.expiresAt));
        byUserCode.values().removeIf(c -> !now.isBefore(c.expiresAt));
        refreshTokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }
}
