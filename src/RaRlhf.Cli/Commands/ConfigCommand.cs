using System.CommandLine;
using RaRlhf.Actors.Configuration;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf config show|validate`: print the merged configuration, or check it the way start-up does.</summary>
internal sealed class ConfigCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("config", "Inspect and check HOCON configuration (hocon/reference.conf documents every setting).");
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateValidate());
        return command;
    }

    private static Command CreateShow()
    {
        var config = ConfigOption();
        var set = SetOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of HOCON." };
        var secrets = new Option<bool>("--show-secrets")
        {
            Description = "Print api_key, password, token and connection_string values instead of \"(redacted)\".",
        };
        var show = new Command("show", "Print the merged, resolved configuration (includes, overrides and ${...} applied).");
        show.Options.Add(config);
        show.Options.Add(set);
        show.Options.Add(json);
        show.Options.Add(secrets);
        show.SetAction(parse => ConfigTool.Show(parse.GetValue(config), parse.GetValue(set) ?? [], parse.GetValue(json),
            Console.Out, Console.Error, showSecrets: parse.GetValue(secrets)));
        return show;
    }

    private static Command CreateValidate()
    {
        var config = ConfigOption();
        var set = SetOption();
        var validate = new Command("validate",
            "Parse, resolve and validate the configuration; exit 0 and print 'valid', or exit 1 listing each problem " +
            "with file:line:col or key path (exit 2 when the file is missing).");
        validate.Options.Add(config);
        validate.Options.Add(set);
        validate.SetAction(parse => ConfigTool.Validate(parse.GetValue(config), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return validate;
    }

    private static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = "The HOCON file to load (default: hocon/local.conf). Overlays include hocon/reference.conf.",
    };

    private static Option<string[]> SetOption() => new("--set")
    {
        Description = "Override one setting, key=value, value parsed as HOCON (e.g. --set risk.alpha=0.4). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };
}
