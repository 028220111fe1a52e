package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bearer token for a call: {@code $SHUYU_TOKEN} if set, else the profile's login in
 * {@code <config dir>/credentials/<profile>.json} (0600).
 *
 * <p>TODO(cli-core): refresh an expired access token with the stored refresh token (OIDC token endpoint) and save it;
 * the login command writes this file.
 */
public final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a login stores for a profile. */
    public record Credentials(String accessToken, String refreshToken, long expiresAt, String tokenEndpoint,
                              String clientId, String issuer, String username) {}

    private final Cli cli;
    private String cached;

    Tokens(Cli cli) {
        this.cli = cli;
    }

    public static Path file(Cli cli, String profile) {
        return cli.environment().configDir().resolve("credentials").resolve(profile + ".json");
    }

    public String accessToken() {
        if (cached != null) {
            return cached;
        }
        String fromEnv = cli.environment().variables().get("SHUYU_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return cached = fromEnv.strip();
        }
        Path file = file(cli, cli.profileName());
        if (!Files.exists(file)) {
            throw new CliException(ExitCode.UNAUTHENTICATED, "NOT_LOGGED_IN",
                    "not logged in (profile '" + cli.profileName() + "'): run 'shuyu login'");
        }
        try {
            Credentials credentials = JSON.readValue(file.toFile(), Credentials.class);
            return cached = credentials.accessToken();
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAUTHENTICATED, "CREDENTIALS_MALFORMED",
                    "cannot read " + file + "; run 'shuyu login' again");
        }
    }
}
