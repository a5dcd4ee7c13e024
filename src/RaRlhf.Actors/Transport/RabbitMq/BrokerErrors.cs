using RabbitMQ.Client.Exceptions;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>Tells a lost connection (wait for recovery and retry) from an error the broker meant (report it).</summary>
internal static class BrokerErrors
{
    /// <summary>AMQP reply codes of errors about the request itself: not found, access refused, precondition failed.</summary>
    private static readonly HashSet<ushort> Permanent = [403, 404, 406];

    public static bool IsConnectionLoss(Exception error) => error switch
    {
        OperationInterruptedException interrupted =>
            interrupted.ShutdownReason is not { } reason || !Permanent.Contains(reason.ReplyCode),
        BrokerUnreachableException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    public static ushort? ReplyCode(Exception error) =>
        (error as OperationInterruptedException)?.ShutdownReason?.ReplyCode;
}
