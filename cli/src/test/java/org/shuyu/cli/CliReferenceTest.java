package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command reference in {@code docs/cli.md} (between the {@code BEGIN/END GENERATED REFERENCE} markers) is
 * generated from the picocli model, so it cannot drift from the code: this test fails when it differs and says how to
 * rewrite it ({@code -Dshuyu.cli.doc.write=true}).
 */
class CliReferenceTest {
    static final String BEGIN = "<!-- BEGIN GENERATED REFERENCE (CliReferenceTest) -->";
    static final String END = "<!-- END GENERATED REFERENCE -->";
    static final String WRITE = "mvn -o -q -B -pl cli -am test -Dtest=CliReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dshuyu.cli.doc.write=true";

    @Test
    void docsCliMdHasTheReferenceOfTheseCommands() throws IOException {
        Path doc = docs().resolve("cli.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("markers in " + doc).isNotNegative();
        assertThat(end).as("markers in " + doc).isGreaterThan(begin);
        String generated = reference();
        String updated = text.substring(0, begin + BEGIN.length()) + "\n" + generated + text.substring(end);
        if (Boolean.getBoolean("shuyu.cli.doc.write")) {
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(text).as("docs/cli.md's command reference is stale; rewrite it with:\n  " + WRITE)
                .isEqualTo(updated);
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/ above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("docs");
    }

    /** The markdown reference: one section per runnable command, in the tree's order. */
    static String reference() {
        CommandLine root = Shuyu.commandLine(Cli.Environment.of(Map.of(), Path.of("/nonexistent"), Clock.systemUTC()),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        StringBuilder md = new StringBuilder();
        walk(root, md);
        return md.toString();
    }

    private static void walk(CommandLine cmd, StringBuilder md) {
        CommandSpec spec = cmd.getCommandSpec();
        boolean top = spec.parent() == null;
        if (!top && !spec.name().equals("help")) {
            section(spec, md);
        }
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) {
                walk(sub.getValue(), md);
            }
        }
    }

    private static void section(CommandSpec spec, StringBuilder md) {
        md.append("\n### `").append(spec.qualifiedName()).append("`\n\n");
        List<String> synopsis = new ArrayList<>(List.of(spec.qualifiedName()));
        if (!spec.subcommands().isEmpty()) {
            synopsis.add("COMMAND");
        }
        List<OptionSpec> own = spec.options().stream()
                .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp() && !o.hidden()).toList();
        for (OptionSpec option : own) {
            String text = option.longestName() + (option.arity().max() > 0 ? " " + option.paramLabel() : "");
            synopsis.add(option.required() ? text : "[" + text + "]");
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                synopsis.add(positional.arity().min() > 0 ? positional.paramLabel() : "[" + positional.paramLabel() + "]");
            }
        }
        md.append("```text\n").append(String.join(" ", synopsis)).append("\n```\n\n");
        if (spec.aliases().length > 0) {
            md.append("Alias: ").append(String.join(", ", List.of(spec.aliases()).stream()
                    .map(a -> "`" + a + "`").toList())).append(". ");
        }
        description(spec.usageMessage().description(), md);

        List<String> rows = new ArrayList<>();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                rows.add("| `" + positional.paramLabel() + "` | " + cell(positional) + " |");
            }
        }
        for (OptionSpec option : own) {
            rows.add("| `" + String.join(", ", option.names()) + "` | " + cell(option) + " |");
        }
        if (!rows.isEmpty()) {
            md.append("\n| argument | meaning |\n|---|---|\n");
            rows.forEach(r -> md.append(r).append('\n'));
        }
    }

    /**
     * Description lines: prose joined into a paragraph; lines indented by two spaces (example files, shell lines)
     * kept as they are in a code block.
     */
    private static void description(String[] lines, StringBuilder md) {
        List<String> prose = new ArrayList<>();
        List<String> example = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("  ")) {
                example.add(line.substring(2));
            } else {
                prose.add(line.strip());
            }
        }
        md.append(String.join(" ", prose).replaceAll("\\s+", " ").strip()).append("\n");
        if (!example.isEmpty()) {
            md.append("\n```text\n");
            example.forEach(l -> md.append(l).append('\n'));
            md.append("```\n");
        }
    }

    private static String cell(picocli.CommandLine.Model.ArgSpec arg) {
        return String.join(" ", arg.description()).replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue()))
                .replace("${COMPLETION-CANDIDATES}", arg.completionCandidates() == null ? ""
                        : String.join(", ", arg.completionCandidates()))
                .replace("|", "\\|")
                .replaceAll("\\s+", " ").strip();
    }
}
