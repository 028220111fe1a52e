package org.shuyu.cli.commands;

import java.time.LocalDate;
import java.util.function.Supplier;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Headers;
import org.shuyu.cli.support.Inputs;
import org.shuyu.client.ApiResponse;
import picocli.CommandLine;

/**
 * What the life-cycle commands (labs, applications, grants) share: the {@code If-Match} value from the read that
 * precedes every change, request bodies from {@code -f FILE} or from flags (never both), and short renderings of
 * terms for tables.
 */
final class Lifecycle {
    private Lifecycle() {}

    /**
     * The ETag of the object as just read, for {@code If-Match}; {@code null} when the server sent none (then the
     * change is unconditional, as the API allows).
     */
    static String etag(ApiResponse<?> read) {
        return Headers.etag(read).orElse(null);
    }

    /**
     * The request body: the file ({@code -f}, YAML or JSON, {@code -} for stdin) read into {@code type}, or the
     * flags' body when no file is given. Giving both, or neither when the flags are not enough, is a usage error
     * naming what to give.
     */
    static <T> T body(String file, Class<T> type, boolean flagsGiven, boolean flagsComplete, Supplier<T> fromFlags,
            String flagsHint) {
        if (file != null) {
            if (flagsGiven) {
                throw CliException.usage("CONFLICTING_INPUT", "give either -f FILE or " + flagsHint + ", not both");
            }
            return Inputs.read(file, type);
        }
        if (!flagsComplete) {
            throw CliException.usage("MISSING_INPUT", "give -f FILE or " + flagsHint);
        }
        return fromFlags.get();
    }

    /** {@code start..end} for a table cell, empty parts when unknown. */
    static String term(LocalDate start, LocalDate end) {
        if (start == null && end == null) {
            return "";
        }
        return (start == null ? "" : start.toString()) + ".." + (end == null ? "" : end.toString());
    }

    /** A group command run without a subcommand: a usage error listing the subcommands. */
    static void missingSubcommand(CommandLine.Model.CommandSpec spec) {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; one of: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }

    static boolean any(Object... values) {
        for (Object v : values) {
            if (v != null) {
                return true;
            }
        }
        return false;
    }
}
