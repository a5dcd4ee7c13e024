using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline;

/// <summary>The pipeline's journaled event types and their manifests (stable names, never CLR type names).</summary>
public static class PipelinePayloads
{
    public static PayloadTypeRegistry Register(PayloadTypeRegistry registry) => registry
        .Register<PromptsIssued>("pipeline.prompts-issued")
        .Register<RiskIterationStarted>("pipeline.risk-iteration-started")
        .Register<IterationCompleted>("pipeline.iteration-completed")
        .Register<PolicyRecorded>("pipeline.policy-recorded");

    public static PayloadSerializer Serializer() => new(Register(new PayloadTypeRegistry()));
}
