package org.shuyu.cli.commands;

import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Tokens;
import picocli.CommandLine.Command;

/**
 * {@code shuyu logout}: forgets the profile's tokens (the credentials file); the profile and its server stay, so
 * {@code shuyu login} logs in again without {@code --server}. The issuer's session is not ended: in production the
 * refresh token simply expires unused (or an administrator ends the session in Keycloak).
 */
@Command(name = "logout", description = "Forget the login (tokens) of the profile; the profile and its server stay.")
public final class LogoutCommand implements Callable<Integer> {
    private final Cli cli;

    LogoutCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        String profile = cli.profileName();
        if (Tokens.delete(cli, profile)) {
            cli.output().note("Logged out (profile '" + profile + "').");
        } else {
            cli.output().note("Not logged in (profile '" + profile + "'); nothing to do.");
        }
        return ExitCode.OK;
    }
}
