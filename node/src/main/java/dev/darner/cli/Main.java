package dev.darner.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code darner} command line. */
@Command(
    name = "darner",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Peer-to-peer distribution of files and container images.",
    subcommands = {
      NodeCommand.class,
      GetCommand.class,
      PreheatCommand.class,
      DemoCommand.class,
      MirrorConfigCommand.class,
      ClusterCommand.class,
      TasksCommand.class,
      StatCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Returns the command line, set up to report bad input with exit code {@link ExitCodes#USAGE}.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> ExitCodes.FAILED);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("darner: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("darner: " + oneLine(ex));
          return ExitCodes.of(ex);
        });
    return cli;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"darner " + (v == null ? "development build" : v)};
    }
  }
}
