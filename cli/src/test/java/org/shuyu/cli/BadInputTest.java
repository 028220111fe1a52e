package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Bad input, for every command there is: the test walks picocli's command tree, so a command added later is covered
 * without touching this class. Each bad invocation must end with a non-zero exit code, exactly one {@code error: }
 * line on standard error, nothing on standard output and no stack trace or exception name.
 *
 * <p>The situations: an unknown flag; {@code -f} naming a missing file; {@code -f} with malformed YAML (several
 * shapes); an unreachable server; a garbage token; an expired login in the profile's credentials file; a malformed
 * config file. Required arguments are filled with placeholder ids (which exist nowhere).
 */
class BadInputTest {
    /** Commands that legitimately work without a server (they never call it). */
    private static final Set<String> OFFLINE = Set.of("help", "completion", "logout", "profiles");
    /** Commands that do not send a token (so a bad token cannot fail them). */
    private static final Set<String> NO_TOKEN = Set.of("help", "completion", "logout", "profiles", "login");

    private static CliHarness controller;
    private static ExecutorService runner;
    private static InputStream realStdin;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        controller = CliHarness.start();
        runner = Executors.newSingleThreadExecutor();
        realStdin = System.in;
        // a command that reads standard input (a REPL, '-f -') sees its end at once
        System.setIn(new ByteArrayInputStream(new byte[0]));
    }

    @AfterAll
    static void stop() {
        System.setIn(realStdin);
        runner.shutdownNow();
        controller.close();
    }

    /** One command of the tree: its path of names ({@code [grants, suspend]}) and its model. */
    record Node(List<String> path, CommandSpec spec) {
        String name() {
            return String.join(" ", path);
        }

        boolean runnable() {
            Object user = spec.userObject();
            return user instanceof Runnable || user instanceof Callable || user instanceof java.lang.reflect.Method;
        }

        boolean in(Set<String> groups) {
            return !path.isEmpty() && groups.contains(path.get(0));
        }

        /** The {@code -f/--file} option taking a value, if the command has one. */
        OptionSpec fileOption() {
            OptionSpec f = spec.findOption("-f");
            if (f == null) {
                f = spec.findOption("--file");
            }
            return f != null && f.arity().min() > 0 ? f : null;
        }

        /** The arguments that reach the command: its path, placeholders for required ones, and {@code extra}. */
        List<String> args(String fileValue, String... extra) {
            List<String> args = new ArrayList<>(path);
            OptionSpec file = fileOption();
            if (file != null && fileValue != null) {
                args.add(file.longestName());
                args.add(fileValue);
            }
            for (OptionSpec option : spec.options()) {
                if (option.required() && option != file && option.group() == null) {
                    addOption(args, option);
                }
            }
            for (ArgGroupSpec group : spec.argGroups()) {
                if (group.multiplicity().min() > 0) {
                    List<OptionSpec> options = new ArrayList<>(group.options());
                    if (group.exclusive()) {
                        options.stream().filter(o -> o != file).findFirst().ifPresent(o -> addOption(args, o));
                    } else {
                        options.stream().filter(o -> o.required() && o != file).forEach(o -> addOption(args, o));
                    }
                }
            }
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                for (int i = 0; i < positional.arity().min(); i++) {
                    args.add(placeholder(positional));
                }
            }
            args.addAll(List.of(extra));
            return args;
        }

        private static void addOption(List<String> args, OptionSpec option) {
            args.add(option.longestName());
            for (int i = 0; i < option.arity().min(); i++) {
                args.add(placeholder(option));
            }
        }

        private static String placeholder(ArgSpec arg) {
            Class<?> type = arg.type();
            if (type.isEnum()) {
                return type.getEnumConstants()[0].toString();
            }
            if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
                return "1";
            }
            if (type == java.time.OffsetDateTime.class || type == java.time.Instant.class) {
                return "2026-01-01T00:00:00Z";
            }
            if (type == java.time.LocalDate.class) {
                return "2026-01-01";
            }
            return "x-missing-1";
        }
    }

    private static List<Node> commands() {
        CommandLine root = Shuyu.commandLine(Cli.Environment.of(Map.of(), Path.of("/nonexistent"), Clock.systemUTC()),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<Node> nodes = new ArrayList<>();
        walk(root, new ArrayList<>(), nodes);
        return nodes;
    }

    private static void walk(CommandLine cmd, List<String> path, List<Node> into) {
        into.add(new Node(List.copyOf(path), cmd.getCommandSpec()));
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            // aliases map to the same command: visit it once, under its own name
            if (sub.getKey().equals(sub.getValue().getCommandName())) {
                List<String> next = new ArrayList<>(path);
                next.add(sub.getKey());
                walk(sub.getValue(), next, into);
            }
        }
    }

    /** One invocation's outcome. */
    record Run(List<String> args, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "shuyu " + String.join(" ", args) + "\n  exit " + exitCode + "\n  out: " + out + "\n  err: " + err;
        }
    }

    private static Run run(Map<String, String> env, Path configDir, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> code = runner.submit(() -> Shuyu.run(Cli.Environment.of(env, configDir, Clock.systemUTC()),
                new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new)));
        try {
            return new Run(args, code.get(60, TimeUnit.SECONDS), out.toString(), err.toString());
        } catch (TimeoutException e) {
            code.cancel(true);
            throw new AssertionError("shuyu " + String.join(" ", args) + " did not end within 60 s; err so far: " + err);
        } catch (Exception e) {
            throw new AssertionError("shuyu " + String.join(" ", args) + " threw " + e, e);
        }
    }

    /** Collects every violation, so one run reports all commands that misbehave. */
    private static final class Violations {
        final List<String> found = new ArrayList<>();
        int checked;

        void check(Run run, Set<Integer> allowedExitCodes) {
            checked++;
            List<String> problems = new ArrayList<>();
            if (run.exitCode() == 0) {
                problems.add("exit 0");
            } else if (!allowedExitCodes.isEmpty() && !allowedExitCodes.contains(run.exitCode())) {
                problems.add("exit " + run.exitCode() + " not in " + allowedExitCodes);
            }
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() != 1 || !lines.get(0).startsWith("error: ")) {
                problems.add("stderr is not exactly one 'error: ' line");
            }
            if (run.err().contains("Exception") || run.err().contains("\tat ")) {
                problems.add("stderr shows an exception");
            }
            if (!run.out().isEmpty()) {
                problems.add("stdout not empty");
            }
            if (!problems.isEmpty()) {
                found.add(problems + " " + run);
            }
        }

        void assertNone(String what) {
            assertThat(checked).as("invocations checked for " + what).isPositive();
            assertThat(found).as(what + ": " + found.size() + " of " + checked + " invocations misbehaved").isEmpty();
        }
    }

    private Map<String, String> asAdmin() {
        return Map.of("SHUYU_SERVER", controller.server(), "SHUYU_TOKEN", controller.token("admin"));
    }

    @Test
    void theTreeHasTheCommandsOfThisHelper() {
        List<String> names = commands().stream().map(Node::name).toList();
        assertThat(names).contains("organizations list", "organizations register", "personnel vet", "quota set",
                "admission", "completion", "me");
    }

    @Test
    void anUnknownFlagIsAUsageErrorForEveryCommand() throws IOException {
        Path valid = Files.writeString(tmp.resolve("some.yaml"), "name: x\n");
        Violations violations = new Violations();
        for (Node node : commands()) {
            if (node.in(Set.of("help"))) {
                continue; // picocli's help command shows the top usage for any unknown topic
            }
            // everything required is there: the unknown flag is the only problem
            Run run = run(asAdmin(), tmp, node.args(valid.toString(), "--bogus-flag"));
            violations.check(run, Set.of(ExitCode.USAGE));
            if (run.exitCode() == ExitCode.USAGE) {
                assertThat(run.err()).as(run.toString()).contains("--bogus-flag").contains("--help");
            }
        }
        violations.assertNone("--bogus-flag");
    }

    @Test
    void aGroupWithoutItsSubcommandSaysWhichOnesExist() {
        Violations violations = new Violations();
        for (Node node : commands()) {
            if (!node.runnable() && !node.spec().subcommands().isEmpty() && !node.path().isEmpty()) {
                Run run = run(asAdmin(), tmp, node.path());
                violations.check(run, Set.of(ExitCode.USAGE));
                String first = node.spec().subcommands().keySet().iterator().next();
                assertThat(run.err()).as(run.toString()).contains(first);
            }
        }
        violations.assertNone("group without subcommand");
    }

    @Test
    void aMissingFileIsOneLineForEveryCommandTakingOne() throws IOException {
        Violations violations = new Violations();
        String missing = tmp.resolve("no-such-dir").resolve("missing.yaml").toString();
        for (Node node : commands()) {
            if (node.runnable() && node.fileOption() != null) {
                Run run = run(asAdmin(), tmp, node.args(missing));
                violations.check(run, Set.of());
                if (run.exitCode() == ExitCode.USAGE) {
                    assertThat(run.err()).as(run.toString()).contains("missing.yaml");
                }
            }
        }
        violations.assertNone("-f missing file");
    }

    @Test
    void malformedYamlIsOneLineForEveryCommandTakingAFile() throws IOException {
        List<String> malformed = List.of(
                "name: [unclosed\n  other: {\n",          // broken flow collections
                "\tname: tab-indented\n",                    // tabs are not YAML indentation
                "- a list\n- where an object belongs\n",     // wrong shape
                "notAFieldOfAnything: 1\n",                  // unknown field
                "");                                         // empty
        Violations violations = new Violations();
        for (int i = 0; i < malformed.size(); i++) {
            Path file = Files.writeString(tmp.resolve("bad-" + i + ".yaml"), malformed.get(i), StandardCharsets.UTF_8);
            for (Node node : commands()) {
                if (node.runnable() && node.fileOption() != null) {
                    violations.check(run(asAdmin(), tmp, node.args(file.toString())), Set.of());
                }
            }
        }
        violations.assertNone("malformed YAML");
    }

    @Test
    void anUnreachableServerIsOneLineWithExitSeven() throws IOException {
        String server;
        try (ServerSocket socket = new ServerSocket(0)) {
            server = "http://127.0.0.1:" + socket.getLocalPort();
        }
        Path valid = Files.writeString(tmp.resolve("some.yaml"), "name: x\n");
        Violations violations = new Violations();
        for (Node node : commands()) {
            if (node.runnable() && !node.in(OFFLINE) && !node.path().isEmpty()) {
                Run run = run(Map.of("SHUYU_SERVER", server, "SHUYU_TOKEN", "t"), tmp, node.args(valid.toString()));
                // 2: the placeholder input was refused before any call
                violations.check(run, Set.of(ExitCode.UNREACHABLE, ExitCode.USAGE));
                if (run.exitCode() == ExitCode.UNREACHABLE) {
                    assertThat(run.err()).as(run.toString()).startsWith("error: UNREACHABLE: cannot reach " + server);
                }
            }
        }
        violations.assertNone("unreachable server");
    }

    @Test
    void aGarbageTokenIsOneLineWithExitThree() throws IOException {
        Path valid = Files.writeString(tmp.resolve("some.yaml"), "name: x\n");
        Violations violations = new Violations();
        for (String token : List.of("garbage", "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2ln")) {
            for (Node node : commands()) {
                if (node.runnable() && !node.in(NO_TOKEN) && !node.path().isEmpty()) {
                    Run run = run(Map.of("SHUYU_SERVER", controller.server(), "SHUYU_TOKEN", token), tmp,
                            node.args(valid.toString()));
                    violations.check(run, Set.of(ExitCode.UNAUTHENTICATED, ExitCode.USAGE));
                }
            }
        }
        violations.assertNone("garbage token");
    }

    @Test
    void anExpiredLoginInTheProfileIsOneLineWithExitThree() throws IOException {
        Path config = tmp.resolve("expired-config");
        Files.createDirectories(config.resolve("credentials"));
        Files.writeString(config.resolve("config.yaml"),
                "current: default\nprofiles:\n  default: {server: \"" + controller.server() + "\"}\n");
        Files.writeString(config.resolve("credentials").resolve("default.json"), "{\"accessToken\":\"expired\","
                + "\"refreshToken\":\"not-a-refresh-token\",\"expiresAt\":1,\"tokenEndpoint\":\""
                + controller.server() + "/dev/oauth/token\",\"clientId\":\"shuyu-cli\",\"username\":\"admin\"}");
        Path valid = Files.writeString(tmp.resolve("some.yaml"), "name: x\n");
        Violations violations = new Violations();
        for (Node node : commands()) {
            if (node.runnable() && !node.in(NO_TOKEN) && !node.path().isEmpty()) {
                violations.check(run(Map.of(), config, node.args(valid.toString())),
                        Set.of(ExitCode.UNAUTHENTICATED, ExitCode.USAGE));
            }
        }
        violations.assertNone("expired login");
    }

    @Test
    void aMalformedConfigFileIsOneLineNamingIt() throws IOException {
        Path config = tmp.resolve("bad-config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("config.yaml"), "current: [default\nprofiles: {{{\n");
        Path valid = Files.writeString(tmp.resolve("some.yaml"), "name: x\n");
        Violations violations = new Violations();
        for (Node node : commands()) {
            if (node.runnable() && !node.in(Set.of("help", "completion")) && !node.path().isEmpty()
                    && !node.path().equals(List.of("login"))) {
                Run run = run(new HashMap<>(), config, node.args(valid.toString()));
                violations.check(run, Set.of(ExitCode.USAGE));
                if (run.exitCode() == ExitCode.USAGE && run.err().contains("CONFIG")) {
                    assertThat(run.err()).as(run.toString()).contains("config.yaml");
                }
            }
        }
        violations.assertNone("malformed config");
    }
}
