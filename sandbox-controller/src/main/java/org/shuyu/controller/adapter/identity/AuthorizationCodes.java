package org.shuyu.controller.adapter.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The development issuer's authorization codes (RFC 6749 section 4.1) bound to a PKCE challenge (RFC 7636, S256
 * only): issued when a demo user is picked on {@code /dev/oauth/authorize}, redeemed once at the token endpoint with
 * the matching verifier, the same client and the same redirect URI. In memory, short-lived, bounded.
 */
public final class AuthorizationCodes {
    /** RFC 7636 section 4.1: 43..128 characters of [A-Z a-z 0-9 - . _ ~]. */
    static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** An S256 challenge: the base64url SHA-256 of a verifier, 43 characters without padding. */
    static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_CODES = 1000;

    record Code(String username, String clientId, String redirectUri, String challenge, String scope, Instant expiresAt) {}

    /** A redeemed code: who logged in, with which scope. */
    record Redeemed(String username, String scope) {}

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new LinkedHashMap<>();

    public AuthorizationCodes(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    synchronized String issue(String username, String clientId, String redirectUri, String challenge, String scope) {
        purge();
        while (codes.size() >= MAX_CODES) {
            Iterator<String> oldest = codes.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, new Code(username, clientId, redirectUri, challenge, scope == null ? "" : scope,
                clock.instant().plus(lifetime)));
        return code;
    }

    /**
     * Spends the code (even when the rest does not match, so a guessed verifier cannot be retried) and answers who
     * logged in, if the client, redirect URI and verifier all match and the code has not expired.
     */
    synchronized Optional<Redeemed> redeem(String code, String clientId, String redirectUri, String verifier) {
        if (code == null) {
            return Optional.empty();
        }
        Code stored = codes.remove(code);
        if (stored == null || !clock.instant().isBefore(stored.expiresAt()) || !stored.clientId().equals(clientId)
                || !stored.redirectUri().equals(redirectUri) || verifier == null || !VERIFIER.matcher(verifier).matches()
                || !MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                        stored.challenge().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Redeemed(stored.username(), stored.scope()));
    }

    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void purge() {
        Instant now = clock.instant();
        codes.values().removeIf(c -> !now.isBefore(c.expiresAt()));
    }
}
