package org.shuyu.cli.support;

import picocli.CommandLine;

/** {@code shuyu --version}: the CLI's version from its jar manifest (or "development" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"shuyu " + (version == null ? "development" : version) + " (API v1)"};
    }
}
