package org.shuyu.cli.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates picocli's command objects. A command class with a constructor taking {@link Cli} gets this invocation's
 * {@code Cli}; the {@link GlobalOptions} mixin is the one instance {@link Cli#options()} reads; anything else is made
 * by picocli's default factory.
 */
public final class CliFactory implements CommandLine.IFactory {
    private final Cli cli;

    public CliFactory(Cli.Environment environment) {
        this(environment, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    public CliFactory(Cli.Environment environment, PrintWriter out, PrintWriter err) {
        this.cli = new Cli(environment, out, err);
    }

    public Cli cli() {
        return cli;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K> K create(Class<K> type) throws Exception {
        if (type == GlobalOptions.class) {
            return (K) cli.options();
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Cli.class) {
                constructor.setAccessible(true);
                return (K) constructor.newInstance(cli);
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}
