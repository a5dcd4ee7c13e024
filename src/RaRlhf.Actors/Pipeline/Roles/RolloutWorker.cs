using RaRlhf.Tensors;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Generates responses with its own copy of the policy. On <see cref="PolicyPublished"/> it fetches the weights blob,
/// checks its SHA-256 against the announcement and loads it; a <see cref="Generate"/> for any other version is refused
/// (max staleness 0), a <see cref="GenerateLatest"/> (max staleness &gt; 0) uses the newest version it loaded. Sampling seed of iteration m = splitmix64(seed, m), so a re-issued iteration samples the same;
/// a <see cref="GenerateRows"/> part of a batch samples its rows as the whole batch would (several workers = one).
/// </summary>
public sealed class RolloutWorker(IBlobStore blobs, Func<Gpt2Model> createModel, SamplingOptions sampling, ulong seed) : Actor
{
    private Gpt2Model? _model;
    private Gpt2Sampler? _sampler;
    private long _version = -1;

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case PolicyPublished policy:
                await LoadAsync(policy);
                break;
            case Generate generate:
                Respond(Run(generate, 0, generate.Prompts.Prompts.Count));
                break;
            case GenerateRows rows:
                Respond(Run(rows.Part, rows.RowOffset, rows.BatchRows));
                break;
            case GenerateLatest latest:
                Respond(Run(new Generate(latest.Prompts, _version), latest.RowOffset, latest.BatchRows));
                break;
            default:
                throw new InvalidOperationException($"{nameof(RolloutWorker)} cannot handle {message.GetType().Name}");
        }
    }

    /// <summary>The sampling seed of iteration m.</summary>
    public static ulong SeedFor(ulong seed, int iteration) => SplitMix64.At(seed, (ulong)iteration);

    private async Task LoadAsync(PolicyPublished policy)
    {
        if (policy.Version == _version)
        {
            return;
        }

        var id = BlobId.Parse(policy.BlobId);
        var bytes = await blobs.GetAsync(id, Context.Stopping);
        var actual = BlobId.Of(bytes).Sha256;
        if (!string.Equals(actual, policy.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"policy v{policy.Version}: blob {policy.BlobId} hashes to {actual} but the announcement says {policy.Sha256}; re-publish the policy");
        }

        _model ??= createModel();
        PolicyBlob.DecodeInto(bytes, _model);
        _sampler ??= new Gpt2Sampler(_model);
        _version = policy.Version;
        Context.Logger.Debug("Loaded policy {PolicyVersion} from blob {BlobId}", policy.Version, policy.BlobId);
    }

    private Rollouts Run(Generate generate, int rowOffset, int batchRows)
    {
        if (_sampler is null || generate.PolicyVersion != _version)
        {
            throw new InvalidOperationException($"asked to generate with policy v{generate.PolicyVersion} but the worker holds v{_version}; publish it first");
        }

        var prompts = generate.Prompts.Prompts;
        var gen = _sampler.Generate(prompts, sampling with { Seed = SeedFor(seed, generate.Prompts.Iteration), RowOffset = rowOffset, BatchRows = batchRows });
        var responses = new int[prompts.Count][];
        var logProbs = new float[prompts.Count][];
        for (var b = 0; b < prompts.Count; b++)
        {
            var mask = gen.ResponseMask.AsSpan(b * gen.G, gen.G);
            var length = mask.IndexOf(0f) is var z and >= 0 ? z : gen.G;
            responses[b] = gen.Response.AsSpan(b * gen.G, length).ToArray();
            logProbs[b] = gen.LogProbs.AsSpan(b * gen.G, length).ToArray();
        }

        return new Rollouts(generate.Prompts.Iteration, prompts, responses, logProbs, _version);
    }
}
