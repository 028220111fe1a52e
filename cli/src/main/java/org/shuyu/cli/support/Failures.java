package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import org.shuyu.client.ApiException;
import picocli.CommandLine;

/**
 * Turns every failure into one line on standard error and a documented exit code ({@link ExitCode}): the server's
 * problem+json as {@code error: CODE: detail (HTTP status)}, the CLI's own as {@code error: CODE: message}, bad usage
 * as picocli's message plus a hint. No stack trace unless {@code --debug}.
 */
public final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Cli cli;

    public Failures(Cli cli) {
        this.cli = cli;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: USAGE: " + usageMessage(ex));
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    /**
     * picocli's complaint in one line with a hint: the suggestions for a mistyped command or flag, and the help
     * command of the (sub)command concerned.
     */
    static String usageMessage(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        String message = oneLine(ex.getMessage());
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        StringBuilder line = new StringBuilder(message);
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (suggestions != null && !suggestions.isEmpty()) {
                line.append("; did you mean ").append(String.join(" or ", suggestions.stream().limit(3)
                        .map(s -> "'" + s + "'").toList())).append('?');
            }
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("subcommand") && !cmd.getSubcommands().isEmpty()) {
            line.append("; one of: ").append(String.join(", ", cmd.getSubcommands().values().stream()
                    .map(CommandLine::getCommandName).distinct().filter(n -> !n.equals("help")).toList()));
        }
        line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
        return line.toString();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Failure failure = describe(ex);
        cmd.getErr().println("error: " + failure.code() + ": " + oneLine(failure.message()));
        if (cli.options().debug) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return failure.exitCode();
    }

    /** One failure as the person sees it. */
    public record Failure(int exitCode, String code, String message) {}

    public Failure describe(Throwable ex) {
        Throwable cause = ex;
        while (cause instanceof UncheckedIOException || cause instanceof CommandLine.ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof CliException cli) {
            return new Failure(cli.exitCode(), cli.code(), cli.getMessage());
        }
        if (cause instanceof ApiException api) {
            return fromApi(api);
        }
        if (cause instanceof InterruptedException) {
            return new Failure(ExitCode.INTERRUPTED, "INTERRUPTED", "interrupted");
        }
        Throwable network = networkCause(cause);
        if (network != null) {
            return unreachable(network);
        }
        String message = cause.getMessage();
        return new Failure(ExitCode.ERROR, "INTERNAL", "unexpected failure"
                + (message == null || message.isBlank() ? "" : ": " + message) + " (run with --debug for details)");
    }

    private Failure unreachable(Throwable network) {
        String server;
        try {
            server = cli.server();
        } catch (RuntimeException e) {
            server = "the server";
        }
        return new Failure(ExitCode.UNREACHABLE, "UNREACHABLE", "cannot reach " + server + " (" + why(network)
                + "); is it running? (--server URL or 'shuyu login --server URL')");
    }

    /** A network failure in words (the JDK's exceptions often carry no message). */
    private static String why(Throwable network) {
        String message = network.getMessage();
        String detail = message == null || message.isBlank() ? "" : ": " + oneLine(message);
        if (network instanceof ConnectException) {
            return "connection refused" + detail;
        }
        if (network instanceof UnknownHostException || network instanceof UnresolvedAddressException) {
            return "unknown host" + detail;
        }
        if (network instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (network instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return "connection closed" + detail;
    }

    private Failure fromApi(ApiException api) {
        int status = api.getCode();
        if (status == 0) {
            Throwable network = networkCause(api);
            if (network != null) {
                return unreachable(network);
            }
            if (api.getCause() != null) {
                // answered, but not with what the spec says (e.g. --server points at something else)
                return new Failure(ExitCode.ERROR, "BAD_RESPONSE", "the server's answer could not be read ("
                        + simple(api.getCause()) + "); is the server a Shuyu controller of this CLI's version?");
            }
            return new Failure(ExitCode.UNREACHABLE, "UNREACHABLE", "cannot reach the server ("
                    + oneLine(simple(api)) + ")");
        }
        String body = api.getResponseBody();
        String code = "HTTP_" + status;
        String detail = null;
        String stripped = body == null ? "" : body.strip();
        if (stripped.startsWith("{")) {
            try {
                JsonNode problem = JSON.readTree(stripped);
                if (problem.hasNonNull("code")) {
                    code = problem.get("code").asText();
                }
                if (problem.hasNonNull("detail")) {
                    detail = problem.get("detail").asText();
                } else if (problem.hasNonNull("title")) {
                    detail = problem.get("title").asText();
                } else if (problem.hasNonNull("error_description")) {
                    detail = problem.get("error_description").asText();
                } else if (problem.hasNonNull("error")) {
                    detail = problem.get("error").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw body
            }
        }
        if (detail == null || detail.isBlank()) {
            detail = stripped.isEmpty() || stripped.startsWith("<") ? reason(status) : stripped;
        }
        detail = oneLine(detail);
        if (detail.length() > 500) {
            detail = detail.substring(0, 500) + "...";
        }
        if (status == 412) {
            return new Failure(ExitCode.CONFLICT, code,
                    "changed since you read it: re-read and retry (" + detail + "; HTTP 412)");
        }
        String hint = status == 401 ? "; run 'shuyu login'" : "";
        return new Failure(ExitCode.forStatus(status), code, detail + " (HTTP " + status + ")" + hint);
    }

    /** A short phrase for a status that came without a problem body. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "not authenticated: the login is missing, expired or not accepted";
            case 403 -> "forbidden: your roles do not allow this";
            case 404 -> "not found";
            case 405 -> "method not allowed (is the server the version this CLI expects?)";
            case 409 -> "conflict with the current state";
            case 412 -> "precondition failed";
            case 413 -> "request too large";
            case 415 -> "unsupported media type";
            case 422 -> "unprocessable request";
            case 429 -> "too many requests: retry later";
            case 500 -> "internal server error";
            case 502, 503, 504 -> "the server is unavailable (" + status + "); retry later";
            default -> "HTTP " + status;
        };
    }

    /** Any text on one line: line breaks and runs of white space become single spaces. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static Throwable networkCause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof UnresolvedAddressException || t instanceof java.nio.channels.ClosedChannelException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String simple(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        message = oneLine(message);
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
