using RaRlhf.Testing;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>Loads each real dataset file once for all tests in a class (imdb is ~100 MB of text).</summary>
public sealed class RealDataFixture
{
    private readonly Lazy<IReadOnlyList<ImdbReview>> _imdbTrain = new(() => ImdbDataset.LoadTrain(TestData.Require(ImdbDataset.TrainFile)));
    private readonly Lazy<IReadOnlyList<ImdbReview>> _imdbUnsup = new(() => ImdbDataset.LoadUnsup(TestData.Require(ImdbDataset.UnsupFile)));
    private readonly Lazy<IReadOnlyList<JigsawComment>> _jigsaw = new(() => JigsawDataset.LoadBinary(TestData.Require(JigsawDataset.BinaryFile)));
    private readonly Lazy<IReadOnlyList<RtpPrompt>> _rtp = new(() => RtpDataset.Load(TestData.Require(RtpDataset.File)));

    public IReadOnlyList<ImdbReview> ImdbTrain => _imdbTrain.Value;

    public IReadOnlyList<ImdbReview> ImdbUnsup => _imdbUnsup.Value;

    public IReadOnlyList<JigsawComment> Jigsaw => _jigsaw.Value;

    public IReadOnlyList<RtpPrompt> Rtp => _rtp.Value;
}
