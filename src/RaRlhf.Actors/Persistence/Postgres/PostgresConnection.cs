using Npgsql;
using RaRlhf.Actors.Security;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// Builds the Npgsql connection string a node uses from <c>persistence.postgres</c>: the connection string itself plus
/// the TLS mode (<c>ssl_mode</c>: disable | allow | prefer | require | verify-ca | verify-full), the CA that signed the
/// server certificate (<c>root_certificate</c>, PEM) and a password read from a file (<c>password_file</c>, e.g. a mounted
/// secret). Empty values leave the connection string as it is. Errors never show the password.
/// </summary>
public static class PostgresConnection
{
    /// <summary>The connection string with the options applied.</summary>
    public static string Build(string connectionString, string? sslMode = null, string? rootCertificate = null,
        string? passwordFile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new FormatException(
                $"PostgreSQL connection string '{SecretRedactor.Redact(connectionString)}' is not valid: {SecretRedactor.Redact(error.Message)}", error);
        }

        if (!string.IsNullOrWhiteSpace(sslMode)) builder.SslMode = ParseSslMode(sslMode);
        if (!string.IsNullOrWhiteSpace(rootCertificate))
        {
            if (!File.Exists(rootCertificate))
            {
                throw new FileNotFoundException($"PostgreSQL root certificate '{rootCertificate}' (persistence.postgres.root_certificate) not found", rootCertificate);
            }

            builder.RootCertificate = rootCertificate;
        }

        if (!string.IsNullOrWhiteSpace(passwordFile))
        {
            if (!File.Exists(passwordFile))
            {
                throw new FileNotFoundException($"PostgreSQL password file '{passwordFile}' (persistence.postgres.password_file) not found", passwordFile);
            }

            builder.Password = File.ReadAllText(passwordFile).Trim();
        }

        return builder.ConnectionString;
    }

    /// <summary>An <c>ssl_mode</c> value (kebab or Pascal case: verify-full, VerifyFull) as Npgsql's mode.</summary>
    public static SslMode ParseSslMode(string value)
    {
        var name = value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<SslMode>(name, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new FormatException(
                $"persistence.postgres.ssl_mode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full");
    }
}
