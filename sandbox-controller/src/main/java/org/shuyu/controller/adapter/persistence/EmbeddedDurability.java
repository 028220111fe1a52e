package org.shuyu.controller.adapter.persistence;

import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * An acknowledged write is durable on the embedded database too. Before any bean (and so any connection) exists,
 * this registers H2's {@code dsync:} file system ({@link DsyncFilePath}) and refuses to start on an H2 file
 * database whose commits could be acknowledged before they are on disk: the URL must use {@code dsync:} and set
 * {@code WRITE_DELAY=0}. In-memory H2 (tests) and PostgreSQL (whose {@code synchronous_commit} is on by default)
 * are left alone.
 */
@Component
public class EmbeddedDurability implements BeanFactoryPostProcessor, EnvironmentAware {
    static final String URL_PROPERTY = "spring.datasource.url";
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        DsyncFilePath.register();
        Optional.ofNullable(environment.getProperty(URL_PROPERTY)).flatMap(EmbeddedDurability::problem).ifPresent(problem -> {
            throw new IllegalStateException("refusing to start: " + URL_PROPERTY + " " + problem);
        });
    }

    /** Why this JDBC URL could acknowledge a commit before it is on disk; empty if it cannot (or is not H2 on a file). */
    static Optional<String> problem(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = lower.substring("jdbc:h2:".length());
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
            return Optional.empty(); // nothing on disk here, or a server whose own settings decide
        }
        if (!name.startsWith(DsyncFilePath.SCHEME + ":")) {
            return Optional.of("is an H2 file database without the dsync: file system (jdbc:h2:dsync:file:...): its commits"
                    + " would reach the disk only when the operating system flushes its cache");
        }
        boolean noDelay = false;
        for (String setting : name.split(";")) {
            String compact = setting.replace(" ", "");
            if (compact.startsWith("write_delay=")) {
                noDelay = compact.equals("write_delay=0");
            }
        }
        if (!noDelay) {
            return Optional.of("must set WRITE_DELAY=0: with a delay H2 acknowledges commits it writes up to that many"
                    + " milliseconds later, and a crash loses them");
        }
        return Optional.empty();
    }
}
