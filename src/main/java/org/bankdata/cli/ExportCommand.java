package org.bankdata.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bankdata export <target>}: copies the published tables into another system. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Load the published tables into another system. Targets: postgres.",
        subcommands = {ExportPostgresCommand.class})
public final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a target, e.g. `bankdata export postgres --url ...`");
    }
}
