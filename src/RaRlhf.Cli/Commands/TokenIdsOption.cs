using System.CommandLine;

namespace RaRlhf.Cli.Commands;

/// <summary>Parses `--ids 1,2,3` into token ids with a message naming the bad entry.</summary>
internal static class TokenIdsOption
{
    public static Option<int[]> Create() => new("--ids")
    {
        Description = "Comma-separated token ids, e.g. 464,3290,318",
        Required = true,
        CustomParser = result =>
        {
            var text = string.Join(",", result.Tokens.Select(t => t.Value));
            var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ids = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], out ids[i]) || ids[i] < 0)
                {
                    result.AddError($"--ids: '{parts[i]}' is not a non-negative integer token id");
                    return [];
                }
            }

            if (ids.Length == 0) result.AddError("--ids: give at least one token id");
            return ids;
        },
    };
}
