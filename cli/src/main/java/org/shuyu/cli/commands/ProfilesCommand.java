package org.shuyu.cli.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Config;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu profiles list | use NAME | show [NAME] | delete NAME}: the named profiles in {@code config.yaml} (a
 * server each) and who is logged in on each. A profile is made by {@code shuyu login -p NAME --server URL}. Tokens are
 * never printed.
 */
@Command(name = "profiles", description = "List, show, switch and delete named profiles (a server and a login each).",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.Use.class, ProfilesCommand.Show.class,
                ProfilesCommand.Delete.class})
public final class ProfilesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Lifecycle.missingSubcommand(spec);
    }

    /** One profile as listed and shown (JSON/YAML too): never a token. */
    public record ProfileView(String name, String server, boolean current, String user, String issuer,
                              Instant expires, boolean refreshable) {}

    static ProfileView view(Cli cli, String name, Config.Profile profile) {
        Optional<Tokens.Credentials> login;
        try {
            login = Tokens.read(cli, name);
        } catch (CliException unreadable) {
            // a damaged credentials file must not hide the other profiles; 'shuyu login' rewrites it
            login = Optional.empty();
        }
        return new ProfileView(name, profile.server(), name.equals(cli.config().currentProfile()),
                login.map(Tokens.Credentials::username).orElse(null),
                login.map(Tokens.Credentials::issuer).orElse(null),
                login.map(c -> Instant.ofEpochSecond(c.expiry())).orElse(null),
                login.map(c -> c.refreshToken() != null).orElse(false));
    }

    static Config.Profile existing(Cli cli, String name) {
        return cli.config().profile(name).orElseThrow(() -> new CliException(ExitCode.NOT_FOUND, "PROFILE_NOT_FOUND",
                "no profile '" + name + "'; known: " + new TreeMap<>(cli.config().profiles()).keySet()));
    }

    private static final List<Column<ProfileView>> COLUMNS = List.of(
            Column.of("NAME", ProfileView::name),
            Column.of("CURRENT", v -> v.current() ? "*" : ""),
            Column.of("SERVER", ProfileView::server),
            Column.of("USER", v -> v.user() == null ? "-" : v.user()));

    @Command(name = "list", aliases = "ls", description = "List the profiles, the current one marked with *.")
    static final class ListProfiles implements Callable<Integer> {
        private final Cli cli;

        ListProfiles(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            List<ProfileView> views = new ArrayList<>();
            for (Map.Entry<String, Config.Profile> entry : new TreeMap<>(cli.config().profiles()).entrySet()) {
                views.add(view(cli, entry.getKey(), entry.getValue()));
            }
            cli.output().list(views, COLUMNS);
            return ExitCode.OK;
        }
    }

    @Command(name = "use", description = "Make a profile the current one.")
    static final class Use implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        Use(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            existing(cli, name);
            cli.config().setCurrent(name);
            cli.config().save();
            cli.output().note("Profile '" + name + "' is now current.");
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Show a profile (default: the one in use): server, user, token expiry.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1")
        String name;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            String which = name != null ? name : cli.profileName();
            cli.output().item(view(cli, which, existing(cli, which)), List.of(
                    Column.of("NAME", ProfileView::name),
                    Column.of("CURRENT", ProfileView::current),
                    Column.of("SERVER", ProfileView::server),
                    Column.of("USER", v -> v.user() == null ? "(not logged in)" : v.user()),
                    Column.of("ISSUER", ProfileView::issuer),
                    Column.of("EXPIRES", ProfileView::expires),
                    Column.of("REFRESHABLE", ProfileView::refreshable)));
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a profile and its login.")
    static final class Delete implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        Delete(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            existing(cli, name);
            Tokens.delete(cli, name);
            Config config = cli.config();
            config.removeProfile(name);
            if (name.equals(config.currentProfile())) {
                config.setCurrent(new TreeMap<>(config.profiles()).keySet().stream().findFirst().orElse("default"));
            }
            config.save();
            cli.output().note("Profile '" + name + "' deleted" + (config.profiles().isEmpty() ? "."
                    : "; current: '" + config.currentProfile() + "'."));
            return ExitCode.OK;
        }
    }
}
