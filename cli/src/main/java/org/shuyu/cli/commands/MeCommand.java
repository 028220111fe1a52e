package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.IdentityApi;
import org.shuyu.client.model.MeDto;
import picocli.CommandLine.Command;

/** {@code shuyu me}: who the server says you are (user, roles, jurisdiction). The pattern every command follows. */
@Command(name = "me", aliases = "whoami", description = "Show who you are logged in as: user, roles, jurisdiction.")
public final class MeCommand implements Callable<Integer> {
    private final Cli cli;

    MeCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        MeDto me = cli.api(IdentityApi::new).getMe();
        cli.output().item(me, List.of(
                Column.of("USER", MeDto::getUserId),
                Column.of("NAME", MeDto::getName),
                Column.of("ROLES", MeDto::getRoles),
                Column.of("JURISDICTION", MeDto::getJurisdiction)));
        return 0;
    }
}
