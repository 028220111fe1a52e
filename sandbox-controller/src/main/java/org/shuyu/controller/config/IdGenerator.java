package org.shuyu.controller.config;

/** Port: makes identifiers, so tests and replays can control them. */
@FunctionalInterface
public interface IdGenerator {
    /** A new identifier with the given prefix, e.g. {@code lab-5f0c...}. */
    String next(String prefix);
}
