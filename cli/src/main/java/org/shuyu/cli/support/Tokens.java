package org.shuyu.cli.support;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The bearer token for a call: {@code $SHUYU_TOKEN} if set, else the profile's login in
 * {@code <config dir>/credentials/<profile>.json} (0600, directory 0700), written by {@code shuyu login}. An access
 * token that expires within {@link #EARLY} ({@code exp} from its JWT payload) is refreshed first with the stored
 * refresh token at the issuer's token endpoint, and the rotated pair is saved; when that fails the login has expired:
 * exit 3 {@code LOGIN_EXPIRED}. Refreshing holds a lock file so two CLI processes do not spend one rotating refresh
 * token twice.
 */
public final class Tokens {
    /**
     * Refresh this long before the access token's {@code exp}, so a call does not arrive with a just-expired token
     * (at most half the token's lifetime).
     */
    public static final long EARLY = 30;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a login stores for a profile. {@code expiresAt}: the access token's expiry (epoch seconds) when its JWT
     * has none; {@code refreshToken} is absent after {@code login --dev-user}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credentials(String accessToken, String refreshToken, long expiresAt, String tokenEndpoint,
                              String clientId, String issuer, String username) {
        /** When the access token expires (epoch seconds): its JWT's {@code exp}, else {@link #expiresAt()}. */
        public long expiry() {
            return OAuth.expiry(accessToken).orElse(expiresAt);
        }
    }

    private final Cli cli;
    private String cached;

    Tokens(Cli cli) {
        this.cli = cli;
    }

    public static Path file(Cli cli, String profile) {
        return cli.environment().configDir().resolve("credentials").resolve(profile + ".json");
    }

    /** The profile's stored login, if any (unreadable counts as an error, not as absent). */
    public static Optional<Credentials> read(Cli cli, String profile) {
        Path file = file(cli, profile);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Credentials.class));
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAUTHENTICATED, "CREDENTIALS_MALFORMED",
                    "cannot read " + file + "; run 'shuyu login' again");
        }
    }

    /** Saves a profile's login (0600, atomically). */
    public static void write(Cli cli, String profile, Credentials credentials) {
        try {
            PrivateFiles.write(file(cli, profile), JSON.writeValueAsBytes(credentials));
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "CREDENTIALS_WRITE_FAILED", "cannot write " + file(cli, profile)
                    + ": " + e.getMessage());
        }
    }

    /** Forgets a profile's login; true if there was one. */
    public static boolean delete(Cli cli, String profile) {
        try {
            Files.deleteIfExists(file(cli, profile).resolveSibling(profile + ".lock"));
            return Files.deleteIfExists(file(cli, profile));
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "CREDENTIALS_WRITE_FAILED", "cannot delete " + file(cli, profile)
                    + ": " + e.getMessage());
        }
    }

    public String accessToken() {
        if (cached != null) {
            return cached;
        }
        String fromEnv = cli.environment().variables().get("SHUYU_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return cached = fromEnv.strip();
        }
        String profile = cli.profileName();
        Credentials credentials = read(cli, profile).orElseThrow(() -> new CliException(ExitCode.UNAUTHENTICATED,
                "NOT_LOGGED_IN", "not logged in (profile '" + profile + "'): run 'shuyu login'"));
        if (fresh(credentials)) {
            return cached = credentials.accessToken();
        }
        return cached = refreshed(profile).accessToken();
    }

    private boolean fresh(Credentials credentials) {
        if (credentials.accessToken() == null) {
            return false;
        }
        long expiry = credentials.expiry();
        // Short-lived tokens (a test issuer's seconds) are refreshed at half their life, not 30 s early.
        long early = OAuth.issuedAt(credentials.accessToken()).map(iat -> Math.min(EARLY, Math.max(0, (expiry - iat) / 2)))
                .orElse(EARLY);
        return expiry - early > cli.environment().clock().instant().getEpochSecond();
    }

    /** Refreshes under the profile's lock; another process may have refreshed meanwhile, then its tokens are used. */
    private Credentials refreshed(String profile) {
        Path lockFile = file(cli, profile).resolveSibling(profile + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            Credentials current = read(cli, profile).orElseThrow(() -> expired(profile));
            if (fresh(current)) {
                return current;
            }
            if (current.refreshToken() == null || current.tokenEndpoint() == null || current.clientId() == null) {
                throw expired(profile);
            }
            OAuth.TokenAnswer answer = new OAuth(Cli.userAgent())
                    .refresh(current.tokenEndpoint(), current.clientId(), current.refreshToken());
            if (!answer.ok()) {
                throw expired(profile);
            }
            OAuth.TokenSet tokens = answer.tokens();
            Credentials next = new Credentials(tokens.accessToken(),
                    tokens.refreshToken() != null ? tokens.refreshToken() : current.refreshToken(),
                    expiresAt(tokens, cli.environment().clock().instant()), current.tokenEndpoint(), current.clientId(),
                    current.issuer(), OAuth.username(tokens.accessToken()).orElse(current.username()));
            write(cli, profile, next);
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access token's expiry (epoch seconds): its {@code exp}, else now plus {@code expires_in}, else 5 minutes. */
    public static long expiresAt(OAuth.TokenSet tokens, Instant now) {
        return OAuth.expiry(tokens.accessToken())
                .orElse(now.getEpochSecond() + (tokens.expiresIn() != null ? tokens.expiresIn() : 300));
    }

    private static CliException expired(String profile) {
        return new CliException(ExitCode.UNAUTHENTICATED, "LOGIN_EXPIRED",
                "the login of profile '" + profile + "' has expired: run 'shuyu login'"
                        + ("default".equals(profile) ? "" : " -p " + profile));
    }
}
