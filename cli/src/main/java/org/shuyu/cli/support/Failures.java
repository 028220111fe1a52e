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
        cmd.getErr().println("error: USAGE: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Failure failure = describe(ex);
        cmd.getErr().println("error: " + failure.code() + ": " + failure.message());
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
            String server;
            try {
                server = cli.server();
            } catch (RuntimeException e) {
                server = "the server";
            }
            return new Failure(ExitCode.UNREACHABLE, "UNREACHABLE", "cannot reach " + server + " ("
                    + simple(network) + "); is it running? (--server URL or 'shuyu login --server URL')");
        }
        return new Failure(ExitCode.ERROR, "INTERNAL", simple(cause) + " (run with --debug for details)");
    }

    private static Failure fromApi(ApiException api) {
        int status = api.getCode();
        if (status == 0) {
            Throwable network = networkCause(api);
            return new Failure(ExitCode.UNREACHABLE, "UNREACHABLE",
                    "cannot reach the server (" + simple(network == null ? api : network) + ")");
        }
        String body = api.getResponseBody();
        String code = "HTTP_" + status;
        String detail = body == null || body.isBlank() ? api.getMessage() : body.strip();
        if (body != null && body.startsWith("{")) {
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem.hasNonNull("code")) {
                    code = problem.get("code").asText();
                }
                if (problem.hasNonNull("detail")) {
                    detail = problem.get("detail").asText();
                } else if (problem.hasNonNull("title")) {
                    detail = problem.get("title").asText();
                }
            } catch (IOException notJson) {
                // keep the raw body as the detail
            }
        }
        if (detail != null && detail.length() > 2000) {
            detail = detail.substring(0, 2000) + "...";
        }
        String hint = status == 401 ? "; run 'shuyu login'" : "";
        return new Failure(ExitCode.forStatus(status), code, detail + " (HTTP " + status + ")" + hint);
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
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
