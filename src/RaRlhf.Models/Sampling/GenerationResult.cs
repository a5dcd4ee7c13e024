namespace RaRlhf.Models.Sampling;

/// <summary>
/// Batched generation output. Tokens/Mask (B, PromptLength + G) are the left-padded prompts followed by the response;
/// Response/ResponseMask/LogProbs are (B, G). LogProbs are the behaviour log-probs of the sampled tokens: log-softmax
/// of the unmodified logits (temperature 1, no top-k/top-p), i.e. what a full forward pass of the policy gives.
/// </summary>
public sealed record GenerationResult(int B, int PromptLength, int G, int[] Tokens, float[] Mask, int[] Response,
    float[] ResponseMask, float[] LogProbs)
{
    public int TotalLength => PromptLength + G;
}
