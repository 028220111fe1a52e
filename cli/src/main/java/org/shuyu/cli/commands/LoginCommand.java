package org.shuyu.cli.commands;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Config;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.OAuth;
import org.shuyu.cli.support.Tokens;
import org.shuyu.client.ApiClient;
import org.shuyu.client.api.IdentityApi;
import org.shuyu.client.model.AuthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shuyu login}: saves the profile's server, asks it how to log in ({@code GET /api/v1/auth}), runs the OAuth
 * device flow against its issuer (Keycloak in production, the development issuer in embedded mode): prints where to
 * approve and the user code on standard error, polls the token endpoint as the issuer asks ({@code interval},
 * {@code slow_down}, expiry) and stores the tokens privately ({@link Tokens}). The first profile becomes the current
 * one. {@code --dev-user NAME} skips the browser with the development issuer's {@code POST /dev/token} (embedded mode
 * only; that login cannot be refreshed).
 */
@Command(name = "login", description = {
        "Log in to a Shuyu server (OIDC device flow) and remember it as a profile.",
        "Use --server URL the first time; -p NAME keeps several servers or users apart."})
public final class LoginCommand implements Callable<Integer> {
    /** What the CLI asks for: an OIDC login (ID claims come in the access token the controller reads). */
    static final String SCOPE = "openid";

    private final Cli cli;

    @Option(names = "--dev-user", paramLabel = "NAME",
            description = "Embedded mode only: log in as this demo user without the browser (e.g. admin, engineer).")
    String devUser;

    @Option(names = "--no-browser", description = "Do not try to open the verification page in a browser.")
    boolean noBrowser;

    LoginCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        String server = cli.server();
        String profile = cli.profileName();
        AuthConfig auth = authConfig(server);
        OAuth oauth = new OAuth(Cli.userAgent());
        Instant now = cli.environment().clock().instant();
        Tokens.Credentials credentials;
        if (devUser != null) {
            if (!Boolean.TRUE.equals(auth.getDevIssuer())) {
                throw CliException.usage("DEV_ISSUER_UNAVAILABLE",
                        "--dev-user works only against a server in embedded mode; " + server + " uses " + auth.getIssuer());
            }
            OAuth.TokenAnswer answer = oauth.devToken(server, devUser);
            if (!answer.ok()) {
                throw new CliException(ExitCode.UNAUTHENTICATED, answer.error(), answer.description());
            }
            credentials = new Tokens.Credentials(answer.tokens().accessToken(), null,
                    Tokens.expiresAt(answer.tokens(), now), null, null, auth.getIssuer(), devUser);
        } else {
            credentials = deviceFlow(oauth, auth);
        }
        Config config = cli.config();
        boolean first = config.profiles().isEmpty() || config.profile(config.currentProfile()).isEmpty();
        config.putProfile(profile, new Config.Profile(server));
        if (first) {
            config.setCurrent(profile);
        }
        config.save();
        Tokens.write(cli, profile, credentials);
        cli.output().note("Logged in to " + server + " as " + credentials.username() + " (profile '" + profile + "'"
                + (profile.equals(config.currentProfile()) ? ", current" : "; use it with -p " + profile
                + " or 'shuyu profiles use " + profile + "'") + ").");
        return ExitCode.OK;
    }

    /** {@code GET /api/v1/auth}, without a token (the generated client, with no Authorization header). */
    private AuthConfig authConfig(String server) throws Exception {
        ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)),
                ApiClient.createDefaultObjectMapper(), server);
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("User-Agent", Cli.userAgent()));
        AuthConfig auth = new IdentityApi(client).getAuthConfig();
        if (auth.getTokenEndpoint() == null || auth.getClientId() == null
                || (auth.getDeviceAuthorizationEndpoint() == null && !Boolean.TRUE.equals(auth.getDevIssuer()))) {
            throw new CliException(ExitCode.ERROR, "BAD_AUTH_CONFIG",
                    server + " did not say how to log in (GET /api/v1/auth is incomplete)");
        }
        return auth;
    }

    private Tokens.Credentials deviceFlow(OAuth oauth, AuthConfig auth) throws InterruptedException {
        OAuth.DeviceAuthorization device = oauth.authorizeDevice(auth.getDeviceAuthorizationEndpoint(), auth.getClientId(), SCOPE);
        String where = device.verificationUri() == null ? device.verificationUriComplete() : device.verificationUri();
        cli.output().note("To log in, open 请在浏览器中打开:  " + where);
        cli.output().note("and enter the code 并输入用户码:      " + device.userCode());
        if (device.verificationUriComplete() != null) {
            cli.output().note("(or open " + device.verificationUriComplete() + ")");
        }
        if (!noBrowser) {
            browse(device.verificationUriComplete() != null ? device.verificationUriComplete() : where);
        }
        Instant deadline = cli.environment().clock().instant().plusSeconds(device.expiresIn());
        long interval = Math.max(1, device.interval());
        boolean interactive = System.console() != null;
        int polls = 0;
        cli.output().note("Waiting for approval (the code expires in " + Duration.ofSeconds(device.expiresIn()).toMinutes()
                + " min; Ctrl-C to cancel)...");
        while (true) {
            Thread.sleep(Duration.ofSeconds(interval).toMillis());
            if (!cli.environment().clock().instant().isBefore(deadline)) {
                throw new CliException(ExitCode.UNAUTHENTICATED, "LOGIN_TIMED_OUT",
                        "the code " + device.userCode() + " expired before it was approved; run 'shuyu login' again");
            }
            OAuth.TokenAnswer answer = oauth.pollDevice(auth.getTokenEndpoint(), auth.getClientId(), device.deviceCode());
            polls++;
            if (answer.ok()) {
                if (interactive) {
                    cli.err().print("\r");
                }
                Instant now = cli.environment().clock().instant();
                OAuth.TokenSet tokens = answer.tokens();
                return new Tokens.Credentials(tokens.accessToken(), tokens.refreshToken(), Tokens.expiresAt(tokens, now),
                        auth.getTokenEndpoint(), auth.getClientId(), auth.getIssuer(),
                        OAuth.username(tokens.accessToken()).orElse(null));
            }
            switch (answer.error()) {
                case "authorization_pending" -> {
                    if (interactive) {
                        long left = Duration.between(cli.environment().clock().instant(), deadline).toSeconds();
                        cli.err().print("\rwaiting for approval " + ".".repeat(polls % 4) + "    (" + left + " s left)   ");
                        cli.err().flush();
                    }
                }
                case "slow_down" -> interval += 5;
                case "expired_token" -> throw new CliException(ExitCode.UNAUTHENTICATED, "LOGIN_TIMED_OUT",
                        "the code " + device.userCode() + " expired before it was approved; run 'shuyu login' again");
                case "access_denied" -> throw new CliException(ExitCode.UNAUTHENTICATED, "LOGIN_DENIED",
                        "the login was denied on the verification page");
                default -> throw new CliException(ExitCode.UNAUTHENTICATED, "LOGIN_FAILED",
                        "the issuer refused the login: " + answer.error()
                                + (answer.description().isBlank() ? "" : ": " + answer.description()));
            }
        }
    }

    /** Opens the page in a browser where there is a desktop; says nothing when there is none (SSH, CI). */
    private void browse(String url) {
        try {
            if (url != null && !GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
            }
        } catch (Exception | LinkageError e) {
            // no browser: the printed URL is enough
        }
    }
}
