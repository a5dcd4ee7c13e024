using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// The consumer-killed test's worker process, without a separate project: <c>dotnet RaRlhf.Actors.Tests.dll</c>
/// with <see cref="PortVariable"/> set connects to the broker, takes <see cref="CountVariable"/> deliveries from
/// <see cref="QueueVariable"/> without acknowledging them, prints <c>received TEXT</c> for each and then hangs until
/// it is killed. In the test host the variable is unset and nothing happens.
/// </summary>
internal static class BrokerChild
{
    public const string PortVariable = "RARLHF_BROKER_CHILD_PORT";
    public const string QueueVariable = "RARLHF_BROKER_CHILD_QUEUE";
    public const string CountVariable = "RARLHF_BROKER_CHILD_COUNT";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Lets the test assembly double as the broker-test worker process.")]
    internal static void RunIfChild()
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (string.IsNullOrEmpty(port)) return;

        // On a foreground thread: module initializers must return before other threads may run test-assembly code.
        new Thread(() =>
        {
            try
            {
                RunAsync(int.Parse(port, CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            }
            catch (Exception error)
            {
                Console.Error.WriteLine(error);
                Environment.Exit(3);
            }
        }) { IsBackground = false, Name = "broker-child" }.Start();
    }

    private static async Task RunAsync(int port)
    {
        var queue = Environment.GetEnvironmentVariable(QueueVariable)!;
        var count = int.Parse(Environment.GetEnvironmentVariable(CountVariable)!, CultureInfo.InvariantCulture);
        var transport = await RabbitMqTransport.ConnectAsync(new RabbitMqSettings
        {
            Port = port, UserName = "rarlhf", Password = RabbitMqServerFixture.Password, ClientName = "rarlhf-doomed-worker",
        });
        var consumer = await transport.ConsumeAsync(queue, count);
        for (var i = 0; i < count; i++)
        {
            var delivery = await consumer.ReceiveAsync();
            Console.WriteLine($"received {Encoding.UTF8.GetString(delivery.Message.Body.Span)}");
        }

        await Task.Delay(Timeout.Infinite); // holding the deliveries, unacknowledged, until SIGKILL
    }
}
