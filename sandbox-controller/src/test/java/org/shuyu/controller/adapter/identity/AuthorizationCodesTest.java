package org.shuyu.controller.adapter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.MutableClock;

/**
 * The development issuer's authorization codes in memory (RFC 6749 section 4.1, RFC 7636 S256), with a clock the test
 * moves: a code is redeemed once, only with the verifier of its challenge, by its client, for its redirect URI, and
 * before it expires; a failed attempt spends it too.
 */
@Tag("R-06")
class AuthorizationCodesTest {
    private static final String CONSOLE = "shuyu-console";
    private static final String REDIRECT = "http://127.0.0.1:8080/";
    /** A verifier and its S256 challenge, BASE64URL(SHA-256(verifier)) computed independently (Python's hashlib). */
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9qNNMyTjZ1Jk9vGk0Drgy6U3M";
    private static final String CHALLENGE = "aN8vXj4AAQAqaNLhqh-bchvCcLEBbTYvwGghWKRctUU";

    private final MutableClock clock = new MutableClock();
    private final AuthorizationCodes codes = new AuthorizationCodes(clock, Duration.ofMinutes(1));

    @Test
    void theChallengeIsTheBase64UrlSha256OfTheVerifier() {
        assertThat(AuthorizationCodes.challengeOf(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(AuthorizationCodes.CHALLENGE.matcher(CHALLENGE).matches()).isTrue();
        assertThat(AuthorizationCodes.VERIFIER.matcher(VERIFIER).matches()).isTrue();
    }

    @Test
    void aCodeIsRedeemedOnceWithItsVerifier() {
        String code = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, "openid");
        assertThat(code).matches("[A-Za-z0-9_-]{43}");
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, VERIFIER))
                .contains(new AuthorizationCodes.Redeemed("engineer", "openid"));
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, VERIFIER)).as("single use").isEmpty();
    }

    @Test
    void aWrongVerifierIsRefusedAndSpendsTheCode() {
        String code = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, "openid");
        String otherVerifier = "x".repeat(43);
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, otherVerifier)).isEmpty();
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, VERIFIER)).as("no second try after a wrong verifier").isEmpty();
    }

    @Test
    void theChallengeItselfOrAMalformedVerifierIsNoVerifier() {
        // "plain" PKCE is not accepted: sending the challenge as the verifier fails
        String code = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, CHALLENGE)).isEmpty();
        for (String bad : new String[] {null, "", "short", VERIFIER + "!", "a".repeat(129)}) {
            String c = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
            assertThat(codes.redeem(c, CONSOLE, REDIRECT, bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void aCodeIsBoundToItsClientAndRedirectUri() {
        String forOtherClient = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        assertThat(codes.redeem(forOtherClient, "shuyu-cli", REDIRECT, VERIFIER)).isEmpty();
        assertThat(codes.redeem(forOtherClient, CONSOLE, REDIRECT, VERIFIER)).as("spent by the wrong client").isEmpty();

        String forOtherRedirect = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        assertThat(codes.redeem(forOtherRedirect, CONSOLE, "http://127.0.0.1:8080/other", VERIFIER)).isEmpty();
        assertThat(codes.redeem(forOtherRedirect, CONSOLE, null, VERIFIER)).isEmpty();

        String good = codes.issue("admin", CONSOLE, REDIRECT, CHALLENGE, null);
        assertThat(codes.redeem(good, CONSOLE, REDIRECT, VERIFIER)).map(AuthorizationCodes.Redeemed::username)
                .contains("admin");
        assertThat(codes.redeem(good, CONSOLE, REDIRECT, VERIFIER).map(AuthorizationCodes.Redeemed::scope)).isEmpty();
    }

    @Test
    void aMissingScopeIsEmptyAndUnknownCodesAreRefused() {
        String code = codes.issue("admin", CONSOLE, REDIRECT, CHALLENGE, null);
        assertThat(codes.redeem(code, CONSOLE, REDIRECT, VERIFIER)).map(AuthorizationCodes.Redeemed::scope).contains("");
        assertThat(codes.redeem(null, CONSOLE, REDIRECT, VERIFIER)).isEmpty();
        assertThat(codes.redeem("made-up", CONSOLE, REDIRECT, VERIFIER)).isEmpty();
    }

    @Test
    void aCodeExpiresAfterItsLifetime() {
        String early = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        String late = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        clock.advance(Duration.ofSeconds(59));
        assertThat(codes.redeem(early, CONSOLE, REDIRECT, VERIFIER)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(codes.redeem(late, CONSOLE, REDIRECT, VERIFIER)).as("at exactly its expiry").isEmpty();
    }

    @Test
    void codesAreRandomAndTheStoreIsBounded() {
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            issued.add(codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null));
        }
        assertThat(new HashSet<>(issued)).hasSize(1001);
        // 1001 codes issued, at most 1000 kept: the oldest went first, the second oldest and the newest are kept
        assertThat(codes.redeem(issued.get(0), CONSOLE, REDIRECT, VERIFIER)).isEmpty();
        assertThat(codes.redeem(issued.get(1), CONSOLE, REDIRECT, VERIFIER)).isPresent();
        assertThat(codes.redeem(issued.get(1000), CONSOLE, REDIRECT, VERIFIER)).isPresent();
    }

    @Test
    void expiredCodesAreDroppedBeforeTheOldestLiveOne() {
        String expired = codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null);
        clock.advance(Duration.ofMinutes(2));
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            live.add(codes.issue("engineer", CONSOLE, REDIRECT, CHALLENGE, null));
        }
        assertThat(codes.redeem(expired, CONSOLE, REDIRECT, VERIFIER)).isEmpty();
        assertThat(codes.redeem(live.get(0), CONSOLE, REDIRECT, VERIFIER)).as("the purge made room").isPresent();
    }
}
