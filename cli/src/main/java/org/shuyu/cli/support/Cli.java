package org.shuyu.cli.support;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.shuyu.client.ApiClient;

/**
 * What a command works with: the global options, where to print, the profile (server and login) and a configured API
 * client. Commands get it through their constructor ({@link CliFactory}). One per invocation.
 */
public final class Cli {
    /** The world outside the process, replaceable in tests: environment variables, config directory, clock. */
    public interface Environment {
        Map<String, String> variables();

        /** {@code $SHUYU_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/shuyu}, else {@code ~/.config/shuyu}. */
        Path configDir();

        Clock clock();

        /** Whether a person watches at a terminal (progress then rewrites one line); false in tests and pipes. */
        default boolean terminal() {
            return false;
        }

        static Environment system() {
            Environment plain = of(System.getenv(), defaultConfigDir(System.getenv()), Clock.systemUTC());
            boolean terminal = System.console() != null;
            return new Environment() {
                @Override
                public Map<String, String> variables() {
                    return plain.variables();
                }

                @Override
                public Path configDir() {
                    return plain.configDir();
                }

                @Override
                public Clock clock() {
                    return plain.clock();
                }

                @Override
                public boolean terminal() {
                    return terminal;
                }
            };
        }

        static Environment of(Map<String, String> variables, Path configDir, Clock clock) {
            return new Environment() {
                @Override
                public Map<String, String> variables() {
                    return variables;
                }

                @Override
                public Path configDir() {
                    return configDir;
                }

                @Override
                public Clock clock() {
                    return clock;
                }
            };
        }

        private static Path defaultConfigDir(Map<String, String> env) {
            if (env.get("SHUYU_CONFIG_DIR") != null) {
                return Path.of(env.get("SHUYU_CONFIG_DIR"));
            }
            if (env.get("XDG_CONFIG_HOME") != null) {
                return Path.of(env.get("XDG_CONFIG_HOME"), "shuyu");
            }
            return Path.of(System.getProperty("user.home"), ".config", "shuyu");
        }
    }

    private final Environment environment;
    private final GlobalOptions options = new GlobalOptions();
    private final PrintWriter out;
    private final PrintWriter err;
    private Config config;
    private Output output;

    public Cli(Environment environment, PrintWriter out, PrintWriter err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public Environment environment() {
        return environment;
    }

    public GlobalOptions options() {
        return options;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** Where results and notes go, in the format asked for with {@code -o}. */
    public Output output() {
        if (output == null) {
            output = new Output(options.output, out, err);
        }
        return output;
    }

    /** The configuration file (profiles), read on first use. */
    public Config config() {
        if (config == null) {
            config = Config.load(environment.configDir());
        }
        return config;
    }

    /** The profile this invocation uses: {@code --profile}, else {@code $SHUYU_PROFILE}, else the current one. */
    public String profileName() {
        if (options.profile != null) {
            return options.profile;
        }
        String fromEnv = environment.variables().get("SHUYU_PROFILE");
        return fromEnv != null ? fromEnv : config().currentProfile();
    }

    /** The controller's base URL: {@code --server}, else {@code $SHUYU_SERVER}, else the profile's. */
    public String server() {
        if (options.server != null) {
            return stripSlash(options.server);
        }
        String fromEnv = environment.variables().get("SHUYU_SERVER");
        if (fromEnv != null) {
            return stripSlash(fromEnv);
        }
        return config().profile(profileName()).map(Config.Profile::server).map(Cli::stripSlash)
                .orElseThrow(() -> new CliException(ExitCode.UNAUTHENTICATED, "NO_PROFILE",
                        "no server for profile '" + profileName() + "': run 'shuyu login --server URL'"
                                + (options.profile == null ? "" : " --profile " + options.profile)));
    }

    /** An API client for the server, sending the profile's bearer token (refreshed when it has expired). */
    public ApiClient client() {
        String server = server();
        Tokens tokens = new Tokens(this);
        ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)),
                ApiClient.createDefaultObjectMapper(), server);
        client.setReadTimeout(Duration.ofMinutes(2));
        client.setRequestInterceptor(request -> request
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("User-Agent", userAgent()));
        return client;
    }

    /** A generated API ({@code cli.api(GrantsApi::new)}) on {@link #client()}. */
    public <T> T api(Function<ApiClient, T> constructor) {
        return constructor.apply(client());
    }

    /** What the CLI calls itself in {@code User-Agent}. */
    public static String userAgent() {
        return "shuyu-cli/" + version();
    }

    static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
