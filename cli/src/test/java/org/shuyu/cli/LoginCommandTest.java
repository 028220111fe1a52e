package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Cli;

/**
 * {@code shuyu login} against the embedded controller: the device flow end to end (this test approves the user code
 * on the development issuer's page while the CLI polls), private credentials, refresh of an expired access token,
 * an unusable refresh token, {@code --dev-user}, Ctrl-C, logout, and profiles of two users on one server. The
 * controller issues 5-second access tokens with 1 s of clock skew so that expiry is real, and polls every second.
 */
@Tag("R-06")
class LoginCommandTest {
    private static final Pattern USER_CODE = Pattern.compile("用户码:\\s+([A-Z]{4}-[A-Z]{4})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness harness;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        harness = CliHarness.start(Map.of(
                "sandbox.identity.dev-token-lifetime", "5s",
                "sandbox.identity.clock-skew", "1s",
                "sandbox.identity.login.poll-interval-seconds", "1"));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        harness.close();
    }

    /** Each test its own config directory, so profiles do not leak between tests. */
    private record Session(Path configDir) {
        CliHarness.Result run(String... args) {
            return run(Map.of(), args);
        }

        CliHarness.Result run(Map<String, String> env, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Shuyu.run(Cli.Environment.of(new HashMap<>(env), configDir, Clock.systemUTC()),
                    new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new CliHarness.Result(code, out.toString(), err.toString());
        }

        /** Runs {@code shuyu login args...}, approves the printed user code as {@code user}, returns the outcome. */
        CliHarness.Result loginApproving(String user, String... args) throws Exception {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] all = new String[args.length + 1];
            all[0] = "login";
            System.arraycopy(args, 0, all, 1, args.length);
            Future<Integer> login = POOL.submit(() -> Shuyu.run(Cli.Environment.of(Map.of(), configDir, Clock.systemUTC()),
                    new PrintWriter(out, true), new PrintWriter(err, true), all));
            String userCode = awaitUserCode(err, login);
            HttpResponse<String> approved = approve(userCode, user);
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            int code = login.get(60, TimeUnit.SECONDS);
            return new CliHarness.Result(code, out.toString(), err.toString());
        }

        JsonNode credentials(String profile) throws Exception {
            return JSON.readTree(configDir.resolve("credentials").resolve(profile + ".json").toFile());
        }
    }

    private static Session session() throws Exception {
        return new Session(Files.createTempDirectory("shuyu-login-test").resolve("config"));
    }

    private static String awaitUserCode(StringWriter err, Future<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = USER_CODE.matcher(err.toString());
            if (m.find()) {
                return m.group(1);
            }
            assertThat(running.isDone()).as("login ended early: " + err).isFalse();
            Thread.sleep(100);
        }
        throw new AssertionError("no user code printed: " + err);
    }

    private static HttpResponse<String> approve(String userCode, String user) throws Exception {
        String form = "user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8) + "&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&action=approve";
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.server() + "/dev/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.server() + "/api/v1/me"))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void waitPastExpiry(JsonNode credentials) throws Exception {
        String jwt = credentials.path("accessToken").asText();
        long exp = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path("exp").asLong();
        long waitMs = (exp + 2) * 1000 - System.currentTimeMillis();
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        assertThat(status(jwt)).as("the old access token has really expired").isEqualTo(401);
    }

    @Test
    void deviceFlowLoginThenCommandsWithoutATokenAndRefreshAfterExpiry() throws Exception {
        Session s = session();
        CliHarness.Result login = s.loginApproving("engineer", "--server", harness.server(), "--no-browser");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains(harness.server() + "/dev/device").contains("Logged in").contains("engineer");

        Path file = s.configDir().resolve("credentials").resolve("default.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(s.configDir().resolve("config.yaml"))).contains("current: \"default\"")
                .contains(harness.server());

        CliHarness.Result me = s.run("me", "-o", "json");
        assertThat(me.exitCode()).as(me.toString()).isZero();
        assertThat(me.out()).contains("\"userId\" : \"engineer\"");

        JsonNode before = s.credentials("default");
        waitPastExpiry(before);
        CliHarness.Result afterExpiry = s.run("me");
        assertThat(afterExpiry.exitCode()).as(afterExpiry.toString()).isZero();
        assertThat(afterExpiry.out()).contains("engineer");
        JsonNode after = s.credentials("default");
        assertThat(after.path("accessToken").asText()).isNotEqualTo(before.path("accessToken").asText());
        assertThat(after.path("refreshToken").asText()).as("rotated").isNotEqualTo(before.path("refreshToken").asText())
                .isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        CliHarness.Result logout = s.run("logout");
        assertThat(logout.exitCode()).isZero();
        assertThat(file).doesNotExist();
        CliHarness.Result loggedOut = s.run("me");
        assertThat(loggedOut.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(loggedOut.err()).startsWith("error: NOT_LOGGED_IN:");
    }

    @Test
    void anUnusableRefreshTokenIsLoginExpiredInOneLine() throws Exception {
        Session s = session();
        assertThat(s.loginApproving("admin", "--server", harness.server(), "--no-browser").exitCode()).isZero();
        JsonNode credentials = s.credentials("default");
        // a spent refresh token: redeem it once behind the CLI's back, so the one stored is rotated away
        HttpResponse<String> spent = HTTP.send(HttpRequest.newBuilder(URI.create(harness.server() + "/dev/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=shuyu-cli&refresh_token="
                        + credentials.path("refreshToken").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spent.statusCode()).isEqualTo(200);
        waitPastExpiry(credentials);

        CliHarness.Result me = s.run("me");
        assertThat(me.exitCode()).as(me.toString()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(me.err().strip()).startsWith("error: LOGIN_EXPIRED:").contains("shuyu login")
                .doesNotContain("\n").doesNotContain("Exception");

        // an unknown one, too
        ObjectNode edited = (ObjectNode) s.credentials("default");
        edited.put("refreshToken", "not-a-refresh-token");
        Files.writeString(s.configDir().resolve("credentials").resolve("default.json"), JSON.writeValueAsString(edited));
        CliHarness.Result again = s.run("me");
        assertThat(again.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(again.err().strip()).startsWith("error: LOGIN_EXPIRED:").doesNotContain("\n");
    }

    @Test
    void profilesOfTwoUsersOnOneServerSwitchWithP() throws Exception {
        Session s = session();
        assertThat(s.loginApproving("engineer", "--server", harness.server(), "-p", "eng", "--no-browser").exitCode()).isZero();
        CliHarness.Result second = s.loginApproving("security", "--server", harness.server(), "-p", "sec", "--no-browser");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).contains("profiles use sec");

        assertThat(s.run("me", "-o", "json").out()).as("the first profile became current").contains("\"userId\" : \"engineer\"");
        assertThat(s.run("-p", "sec", "me", "-o", "json").out()).contains("\"userId\" : \"security\"");
        assertThat(s.run("me", "-p", "eng", "-o", "json").out()).contains("\"userId\" : \"engineer\"");
        assertThat(s.run(Map.of("SHUYU_PROFILE", "sec"), "me", "-o", "json").out()).contains("\"userId\" : \"security\"");

        CliHarness.Result list = s.run("profiles", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("eng\\s+\\*\\s+" + Pattern.quote(harness.server()) + "\\s+engineer")
                .containsPattern("sec\\s+" + Pattern.quote(harness.server()) + "\\s+security");
        assertThat(list.out()).doesNotContain("eyJ");

        assertThat(s.run("profiles", "use", "sec").exitCode()).isZero();
        assertThat(s.run("me", "-o", "json").out()).contains("\"userId\" : \"security\"");
        CliHarness.Result show = s.run("profiles", "show", "-o", "json");
        assertThat(show.out()).contains("\"name\" : \"sec\"").contains("\"current\" : true").contains("\"refreshable\" : true")
                .doesNotContain("eyJ");

        CliHarness.Result unknown = s.run("profiles", "use", "nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknown.err().strip()).startsWith("error: PROFILE_NOT_FOUND:");

        assertThat(s.run("profiles", "delete", "sec").exitCode()).isZero();
        assertThat(s.configDir().resolve("credentials").resolve("sec.json")).doesNotExist();
        assertThat(s.run("me", "-o", "json").out()).as("current falls back to the remaining profile")
                .contains("\"userId\" : \"engineer\"");
    }

    @Test
    void devUserLoginIsForScriptsAndCannotBeRefreshed() throws Exception {
        Session s = session();
        CliHarness.Result login = s.run("login", "--server", harness.server(), "--dev-user", "provider");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        CliHarness.Result show = s.run("profiles", "show");
        assertThat(show.out()).contains("provider").containsPattern("REFRESHABLE\\s+false");

        CliHarness.Result unknown = s.run("login", "--server", harness.server(), "--dev-user", "mallory");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(unknown.err().strip()).startsWith("error: UNKNOWN_USER:").doesNotContain("\n");

        waitPastExpiry(s.credentials("default"));
        CliHarness.Result me = s.run("me");
        assertThat(me.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(me.err().strip()).startsWith("error: LOGIN_EXPIRED:");
    }

    @Test
    void withoutAServerOrWhenUnreachableLoginSaysSoInOneLine() throws Exception {
        Session s = session();
        CliHarness.Result none = s.run("login");
        assertThat(none.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(none.err().strip()).startsWith("error: NO_PROFILE:").contains("--server").doesNotContain("\n");

        CliHarness.Result down = s.run("login", "--server", "http://127.0.0.1:9");
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(down.err().strip()).startsWith("error: UNREACHABLE:").doesNotContain("\n");
        assertThat(s.configDir().resolve("config.yaml")).doesNotExist();
    }

    @Test
    void interruptingALoginLeavesNothingBehind() throws Exception {
        Session s = session();
        StringWriter err = new StringWriter();
        Future<Integer> login = POOL.submit(() -> Shuyu.run(Cli.Environment.of(Map.of(), s.configDir(), Clock.systemUTC()),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "login", "--server", harness.server(),
                "--no-browser"));
        awaitUserCode(err, login);
        // Ctrl-C in a real terminal ends the JVM; in-process the closest is interrupting the polling thread
        Thread.sleep(300);
        login.cancel(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!err.toString().contains("INTERRUPTED") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(err.toString()).contains("error: INTERRUPTED").doesNotContain("Exception");
        assertThat(s.configDir().resolve("credentials").resolve("default.json")).doesNotExist();
    }
}
