#!/usr/bin/python3
"""Reference for one full PPO step (TRL 0.7.2 legacy PPOTrainer.step) on a tiny GPT-2 + value head, in torch float64.

Written independently of the C# learner: a plain nanoGPT-style GPT-2 with a TRL ValueHead, TRL's batched forward
(logits[:, :-1] gathered at ids[:, 1:], values[:, :-1], mask over response tokens of the whole query+response window),
compute_rewards, compute_advantages over the whole window, the paper's CVaR filter on episode returns (return at the
first response token, keep the B0 lowest, ties kept, mask out the rest before whitening), ppo_epochs x mini-batches
with TRL's loss, torch.optim.Adam(lr, eps=1e-8), optional clip_grad_norm_, the adaptive KL controller update and
record_step_stats. Weights come from the counter-based splitmix64 generator of
tests/RaRlhf.Models.Tests/Fixtures/make_gpt2_fixtures.py (same definition, repeated here); the mini-batch
permutation is the sequential SplitMix64 Fisher-Yates of RaRlhf.Tensors.SplitMix64 / MiniBatchPlan (numpy's permutation is
not reproduced). Deviation kept identical on both sides: a mini-batch with no kept token has zero loss and gradient
(TRL: NaN) and is left out of the statistics; the optimizer still steps.

Regenerate from the repository root (Debian python3 with torch 1.13; CI does not need it):
  /usr/bin/python3 tests/RaRlhf.Rl.Tests/Training/Fixtures/make_ppo_step_fixture.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
GAMMA64 = 0x9E3779B97F4A7C15
M64 = (1 << 64) - 1
SAMPLES = 12

CFG = dict(n_layer=2, n_head=2, n_embd=32, n_positions=32, vocab_size=64, layer_norm_epsilon=1e-5)
QUERY_LENGTHS = [5, 4, 5, 3]
RESPONSE_LENGTHS = [6, 6, 4, 5]
POLICY_SEED, REFERENCE_SEED, QUERY_SEED, RESPONSE_SEED, SCORE_SEED = 1234, 4321, 21, 22, 23


# ---- deterministic generators (identical to the C# side) --------------------------------------------------------
def splitmix64(seed, start, count):
    """Counter-based: value i of stream seed is mix(seed + (i + 1) * gamma) (RaRlhf.Tensors.SplitMix64.At)."""
    g = np.uint64(GAMMA64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(start, start + count, dtype=np.uint64) + np.uint64(1)) * g
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(seed, start, count):
    return (splitmix64(seed, start, count) >> np.uint64(40)).astype(np.float64) * (1.0 / (1 << 24))


class SequentialSplitMix64:
    """RaRlhf.Tensors.SplitMix64: state += gamma, then mix; NextInt by rejection; Fisher-Yates permutation."""

    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + GAMMA64) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def next_int(self, bound):
        limit = M64 - M64 % bound
        while True:
            x = self.next()
            if x < limit:
                return x % bound

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def layout(cfg, value_head):
    c, out = cfg["n_embd"], []
    out += [("wte.weight", (cfg["vocab_size"], c)), ("wpe.weight", (cfg["n_positions"], c))]
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        out += [(p + "ln_1.weight", (c,)), (p + "ln_1.bias", (c,)),
                (p + "attn.c_attn.weight", (c, 3 * c)), (p + "attn.c_attn.bias", (3 * c,)),
                (p + "attn.c_proj.weight", (c, c)), (p + "attn.c_proj.bias", (c,)),
                (p + "ln_2.weight", (c,)), (p + "ln_2.bias", (c,)),
                (p + "mlp.c_fc.weight", (c, 4 * c)), (p + "mlp.c_fc.bias", (4 * c,)),
                (p + "mlp.c_proj.weight", (4 * c, c)), (p + "mlp.c_proj.bias", (c,))]
    out += [("ln_f.weight", (c,)), ("ln_f.bias", (c,))]
    if value_head:
        out += [("v_head.summary.weight", (1, c)), ("v_head.summary.bias", (1,))]
    return out


def generated_weights(cfg, seed, value_head):
    """make_gpt2_fixtures.generated_weights over the flat layout: LN weights 1 +- 0.1, biases +- 0.02, others +- 0.1."""
    weights, offset = {}, 0
    for name, shape in layout(cfg, value_head):
        n = int(np.prod(shape))
        u = 2.0 * uniform(seed, offset, n) - 1.0
        if ".ln_" in "." + name and name.endswith(".weight"):
            v = 1.0 + 0.1 * u
        elif name.endswith(".bias"):
            v = 0.02 * u
        else:
            v = 0.1 * u
        weights[name] = torch.tensor(v.astype(np.float32).reshape(shape), dtype=torch.float64)
        offset += n
    return weights


# ---- the model -----------------------------------------------------------------------------------------------------
def gpt2(P, ids, attn, return_hidden=False):
    """(B, T) ids, attention mask -> logits (B, T, V), values (B, T) (value head on the last hidden state, after ln_f);
    with return_hidden the final hidden states (B, T, C) instead."""
    B, T = ids.shape
    C, nh, eps = CFG["n_embd"], CFG["n_head"], CFG["layer_norm_epsilon"]
    hs = C // nh
    pos = torch.arange(T)[None, :].expand(B, T)  # right padding: real tokens sit at 0..L-1 (HF default positions)
    x = P["wte.weight"][ids] + P["wpe.weight"][pos]
    visible = torch.tril(torch.ones(T, T, dtype=torch.bool))[None, None] & attn.bool()[:, None, None, :]
    for l in range(CFG["n_layer"]):
        p = f"h.{l}."
        h = F.layer_norm(x, (C,), P[p + "ln_1.weight"], P[p + "ln_1.bias"], eps)
        q, k, v = (h @ P[p + "attn.c_attn.weight"] + P[p + "attn.c_attn.bias"]).split(C, dim=2)
        q, k, v = (z.view(B, T, nh, hs).transpose(1, 2) for z in (q, k, v))
        att = torch.softmax(((q @ k.transpose(-2, -1)) / math.sqrt(hs)).masked_fill(~visible, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + y @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), P[p + "ln_2.weight"], P[p + "ln_2.bias"], eps)
        h = h @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"]
        h = 0.5 * h * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * h ** 3)))
        x = x + h @ P[p + "mlp.c_proj.weight"] + P[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), P["ln_f.weight"], P["ln_f.bias"], eps)
    if return_hidden:
        return x
    logits = x @ P["wte.weight"].T
    values = (x @ P["v_head.summary.weight"].T).squeeze(-1) + P["v_head.summary.bias"] if "v_head.summary.weight" in P else None
    return logits, values


def batched_forward(P, queries, responses, T):
    """TRL batched_forward_pass, right padded to T (the batch's longest; padding never changes real positions):
    logprobs (B, T-1), values (B, T-1), logits (B, T-1, V), masks (B, T-1)."""
    B = len(queries)
    ids = torch.zeros(B, T, dtype=torch.long)
    attn = torch.zeros(B, T, dtype=torch.long)
    masks = torch.zeros(B, T - 1, dtype=torch.float64)
    for j, (q, r) in enumerate(zip(queries, responses)):
        ids[j, :len(q) + len(r)] = torch.tensor(q + r)
        attn[j, :len(q) + len(r)] = 1
        start = len(q) - 1
        masks[j, start:start + len(r)] = 1
    logits, values = gpt2(P, ids, attn)
    logprobs = torch.gather(F.log_softmax(logits[:, :-1], dim=2), 2, ids[:, 1:].unsqueeze(2)).squeeze(2)
    return logprobs, (values[:, :-1] if values is not None else None), logits[:, :-1], masks


# ---- TRL core ----------------------------------------------------------------------------------------------------
def masked_mean(x, m):
    return (x * m).sum() / m.sum()


def masked_var(x, m):
    mean = masked_mean(x, m)
    var = masked_mean((x - mean) ** 2, m)
    return var * (m.sum() / (m.sum() - 1))


def masked_whiten(x, m):
    return (x - masked_mean(x, m)) * torch.rsqrt(masked_var(x, m) + 1e-8)


def entropy_from_logits(logits):
    pd = torch.softmax(logits, dim=-1)
    return torch.logsumexp(logits, dim=-1) - torch.sum(pd * logits, dim=-1)


def compute_rewards(scores, logprobs, ref_logprobs, masks, beta):
    rewards, non_score = [], []
    for s, lp, rlp, m in zip(scores, logprobs, ref_logprobs, masks):
        ns = -beta * (lp - rlp)
        r = ns.clone()
        r[m.nonzero()[-1]] += s
        rewards.append(r)
        non_score.append(ns)
    return torch.stack(rewards), torch.stack(non_score)


def compute_advantages(values, rewards, mask, gamma, lam):
    values, rewards = values * mask, rewards * mask
    last, rev = 0.0, []
    n = rewards.shape[-1]
    for t in reversed(range(n)):
        nxt = values[:, t + 1] if t < n - 1 else 0.0
        delta = rewards[:, t] + gamma * nxt - values[:, t]
        last = delta + gamma * lam * last
        rev.append(last)
    adv = torch.stack(rev[::-1]).transpose(0, 1)
    return values, adv, adv + values


def ppo_loss(s, old_logprobs, values, logits, vpreds, logprobs, mask, advantages, returns):
    vclip = torch.max(torch.min(vpreds, values + s["cliprange_value"]), values - s["cliprange_value"])
    vf1, vf2 = (vpreds - returns) ** 2, (vclip - returns) ** 2
    vf_loss = 0.5 * masked_mean(torch.max(vf1, vf2), mask)
    ratio = torch.exp(logprobs - old_logprobs)
    pg1 = -advantages * ratio
    pg2 = -advantages * torch.clamp(ratio, 1.0 - s["cliprange"], 1.0 + s["cliprange"])
    pg_loss = masked_mean(torch.max(pg1, pg2), mask)
    loss = pg_loss + s["vf_coef"] * vf_loss
    if masked_mean(ratio, mask).item() > s["ratio_threshold"]:
        pg_loss, vf_loss, loss = pg_loss * 0.0, vf_loss * 0.0, loss * 0.0
    stats = {
        "loss/policy": pg_loss.item(), "loss/value": vf_loss.item(), "loss/total": loss.item(),
        "policy/entropy": masked_mean(entropy_from_logits(logits), mask).item(),
        "policy/approxkl": (0.5 * masked_mean((logprobs - old_logprobs) ** 2, mask)).item(),
        "policy/policykl": masked_mean(old_logprobs - logprobs, mask).item(),
        "policy/clipfrac": masked_mean(torch.gt(pg2, pg1).double(), mask).item(),
        "policy/advantages_mean": masked_mean(advantages, mask).item(),
        "returns/mean": masked_mean(returns, mask).item(), "returns/var": masked_var(returns, mask).item(),
        "val/vpred": masked_mean(vpreds, mask).item(),
        "val/error": masked_mean((vpreds - returns) ** 2, mask).item(),
        "val/clipfrac": masked_mean(torch.gt(vf2, vf1).double(), mask).item(),
    }
    return loss, stats


# ---- one step ------------------------------------------------------------------------------------------------------
def ppo_step(s, P, R, queries, responses, scores, keep):
    B = len(queries)
    beta = s["init_kl_coef"]
    with torch.no_grad():
        T = max(len(q) + len(r) for q, r in zip(queries, responses))
        all_logprobs, values, _, masks = batched_forward(P, queries, responses, T)
        ref_logprobs, _, _, _ = batched_forward(R, queries, responses, T)
        rewards, non_score = compute_rewards(scores, all_logprobs, ref_logprobs, masks, beta)
        values, advantages, returns = compute_advantages(values, rewards, masks, s["gamma"], s["lam"])
        first = [len(q) - 1 for q in queries]
        episode_returns = torch.tensor([returns[j, first[j]].item() for j in range(B)])
        var = torch.sort(episode_returns).values[keep - 1].item()
        kept = episode_returns <= var
        masks = masks * kept[:, None].double()
        advantages = masked_whiten(advantages, masks)

    params = [P[k] for k, _ in layout(CFG, True)]
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.Adam(params, lr=s["learning_rate"], eps=1e-8)
    rng = SequentialSplitMix64((s["seed"] * GAMMA64) & M64 ^ 0)  # MiniBatchPlan: seed * gamma ^ ppo_step (step 0)
    all_stats, grad_norms, mb = [], [], s["mini_batch_size"]
    for _ in range(s["ppo_epochs"]):
        order = rng.permutation(B)
        for start in range(0, B, mb):
            rows = order[start:start + mb]
            opt.zero_grad(set_to_none=False)
            m = masks[rows]
            if m.sum() > 0:
                lp, vp, logits, _ = batched_forward(P, [queries[i] for i in rows], [responses[i] for i in rows], T)
                loss, st = ppo_loss(s, all_logprobs[rows], values[rows], logits, vp, lp, m, advantages[rows], returns[rows])
                loss.backward()
                all_stats.append(st)
            if s["max_grad_norm"] is not None:
                grad_norms.append(torch.nn.utils.clip_grad_norm_(params, s["max_grad_norm"]).item())
            opt.step()

    kl = ((all_logprobs - ref_logprobs) * masks).sum(-1)[kept].mean().item()
    stats = {f"ppo/{k}": float(np.mean([st[k] for st in all_stats])) for k in all_stats[0]}
    stats["ppo/val/var_explained"] = 1 - stats["ppo/val/error"] / stats["ppo/returns/var"]
    stats.update({
        "objective/kl": kl, "objective/kl_coef": beta,
        "objective/entropy": (-all_logprobs * masks).sum(-1)[kept].mean().item(),
        "ppo/mean_non_score_reward": masked_mean(non_score, masks).item(),
        "env/reward_mean": float(np.mean(scores)),
        "cvar/var": var, "cvar/kept": float(kept.sum().item()),
    })
    err = float(np.clip(kl / s["target"] - 1, -0.2, 0.2))
    stats["objective/kl_coef_next"] = beta * (1 + err * B / s["horizon"])
    aligned = lambda x: [x[j, first[j]:first[j] + len(responses[j])].tolist() for j in range(B)]
    return stats, dict(old_logprobs=aligned(all_logprobs), ref_logprobs=aligned(ref_logprobs), values=aligned(values),
                       episode_returns=episode_returns.tolist(), grad_norms=grad_norms)


def sample_indices(length, count):
    return [(k * 2654435761 + 12345) % length for k in range(count)]


def make_case(name, keep, max_grad_norm):
    s = dict(learning_rate=5e-3, batch_size=4, mini_batch_size=2, ppo_epochs=2, gamma=1.0, lam=0.95, cliprange=0.2,
             cliprange_value=0.2, vf_coef=0.1, init_kl_coef=0.2, target=6.0, horizon=10000.0, ratio_threshold=10.0,
             seed=7, max_grad_norm=max_grad_norm)
    V = CFG["vocab_size"]
    queries = [[int(x) for x in splitmix64(QUERY_SEED, 8 * j, n) % np.uint64(V)] for j, n in enumerate(QUERY_LENGTHS)]
    responses = [[int(x) for x in splitmix64(RESPONSE_SEED, 8 * j, n) % np.uint64(V)] for j, n in enumerate(RESPONSE_LENGTHS)]
    scores = (4.0 * uniform(SCORE_SEED, 0, 4) - 2.0).astype(np.float32).tolist()
    P = generated_weights(CFG, POLICY_SEED, value_head=True)
    R = generated_weights(CFG, REFERENCE_SEED, value_head=False)
    before = {k: v.clone() for k, v in P.items()}
    stats, inter = ppo_step(s, P, R, queries, responses, scores, keep)
    params = {}
    for k, _ in layout(CFG, True):
        a = P[k].detach().reshape(-1).numpy()
        d = a - before[k].reshape(-1).numpy()
        si = sample_indices(a.size, SAMPLES)
        params[k] = dict(delta_sum=float(d.sum()), delta_abs_sum=float(np.abs(d).sum()), sample_index=si,
                         sample=[float(a[i]) for i in si])
    fixture = dict(config=CFG, settings=s, keep=keep, policy_seed=POLICY_SEED, reference_seed=REFERENCE_SEED,
                   queries=queries, responses=responses, scores=scores, stats=stats, params=params, **inter)
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(fixture, f, indent=1)
    print(name, json.dumps({k: round(v, 6) for k, v in stats.items()}), "grad norms", inter["grad_norms"])


def main():
    torch.manual_seed(0)
    make_case("ppo_step_alpha1.json", keep=4, max_grad_norm=None)
    make_case("ppo_step_cvar.json", keep=2, max_grad_norm=1.0)


if __name__ == "__main__":
    main()
