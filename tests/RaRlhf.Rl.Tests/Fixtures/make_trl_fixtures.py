#!/usr/bin/python3
"""Re-implements Hugging Face TRL 0.7.2's PPO formulas (trl/core.py and PPOTrainer.compute_rewards /
_kl_penalty / compute_advantages / loss, AdaptiveKLController) plus the RA-RLHF CVaR batch filter in PyTorch,
on deterministic SplitMix64 inputs, and writes small JSON fixtures the C# tests compare against.

Regenerate (needs torch; CI does not, the JSON files are committed):
    /usr/bin/python3 tests/RaRlhf.Rl.Tests/Fixtures/make_trl_fixtures.py
Gradients of the loss w.r.t. the per-token log-probs and value predictions come from torch autograd.
"""
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def unit(self):
        return (self.next_u64() >> 40) * (1.0 / (1 << 24))

    def uniform(self, shape, lo, hi):
        n = 1
        for s in shape:
            n *= s
        vals = [lo + (hi - lo) * self.unit() for _ in range(n)]
        return torch.tensor(vals, dtype=torch.float32).reshape(shape)


# ---- TRL 0.7.2 trl/core.py ----
def masked_mean(values, mask):
    return (values * mask).sum() / mask.sum()


def masked_var(values, mask, unbiased=True):
    mean = masked_mean(values, mask)
    variance = masked_mean((values - mean) ** 2, mask)
    if unbiased:
        s = mask.sum()
        variance = variance * (s / (s - 1))
    return variance


def masked_whiten(values, mask, shift_mean=True):
    mean, var = masked_mean(values, mask), masked_var(values, mask)
    whitened = (values - mean) * torch.rsqrt(var + 1e-8)
    if not shift_mean:
        whitened += mean
    return whitened


def clip_by_value(x, tensor_min, tensor_max):
    return torch.max(torch.min(x, tensor_max), tensor_min)


def entropy_from_logits(logits):
    pd = torch.nn.functional.softmax(logits, dim=-1)
    return torch.logsumexp(logits, axis=-1) - torch.sum(pd * logits, axis=-1)


# ---- TRL 0.7.2 PPOTrainer ----
def kl_penalty(kind, logprob, ref_logprob, full_lp=None, full_ref=None):
    if kind == "kl":
        return logprob - ref_logprob
    if kind == "abs":
        return (logprob - ref_logprob).abs()
    if kind == "mse":
        return 0.5 * (logprob - ref_logprob).square()
    if kind == "full":
        return F.kl_div(full_ref, full_lp, log_target=True, reduction="none").sum(-1)
    raise ValueError(kind)


def compute_rewards(scores, kl, masks, kl_coef):
    rewards, non_score = [], []
    for score, k, mask in zip(scores, kl, masks):
        nsr = -kl_coef * k
        non_score.append(nsr)
        reward = nsr.clone()
        last = mask.nonzero()[-1]
        reward[last] += score
        rewards.append(reward)
    return torch.stack(rewards), torch.stack(non_score)


def compute_advantages(values, rewards, mask, gamma, lam, whiten_rewards=False):
    lastgaelam = 0
    reversed_adv = []
    gen_len = rewards.shape[-1]
    values = values * mask
    rewards = rewards * mask
    if whiten_rewards:
        rewards = masked_whiten(rewards, mask, shift_mean=False)
    for t in reversed(range(gen_len)):
        nextvalues = values[:, t + 1] if t < gen_len - 1 else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = delta + gamma * lam * lastgaelam
        reversed_adv.append(lastgaelam)
    advantages = torch.stack(reversed_adv[::-1]).transpose(0, 1)
    returns = advantages + values
    return values, advantages, returns


def ppo_loss(old_logprobs, values, logits, vpreds, logprobs, mask, advantages, returns, cfg):
    vpredclipped = clip_by_value(vpreds, values - cfg["cliprange_value"], values + cfg["cliprange_value"])
    vf_losses1 = (vpreds - returns) ** 2
    vf_losses2 = (vpredclipped - returns) ** 2
    vf_loss = 0.5 * masked_mean(torch.max(vf_losses1, vf_losses2), mask)
    vf_clipfrac = masked_mean(torch.gt(vf_losses2, vf_losses1).float(), mask)
    ratio = torch.exp(logprobs - old_logprobs)
    pg_losses = -advantages * ratio
    pg_losses2 = -advantages * torch.clamp(ratio, 1.0 - cfg["cliprange"], 1.0 + cfg["cliprange"])
    pg_loss = masked_mean(torch.max(pg_losses, pg_losses2), mask)
    pg_clipfrac = masked_mean(torch.gt(pg_losses2, pg_losses).float(), mask)
    loss = pg_loss + cfg["vf_coef"] * vf_loss
    avg_ratio = masked_mean(ratio, mask).item()
    skipped = avg_ratio > cfg["ratio_threshold"]
    if skipped:
        pg_loss = pg_loss * 0.0
        vf_loss = vf_loss * 0.0
        loss = loss * 0.0
    entropy = masked_mean(entropy_from_logits(logits), mask)
    approxkl = 0.5 * masked_mean((logprobs - old_logprobs) ** 2, mask)
    policykl = masked_mean(old_logprobs - logprobs, mask)
    stats = dict(
        policy_loss=pg_loss.item(), value_loss=vf_loss.item(), total_loss=loss.item(), skipped=skipped,
        entropy=entropy.item(), approxkl=approxkl.item(), policykl=policykl.item(), clipfrac=pg_clipfrac.item(),
        vf_clipfrac=vf_clipfrac.item(), mean_ratio=avg_ratio, advantages_mean=masked_mean(advantages, mask).item(),
        return_mean=masked_mean(returns, mask).item(), return_var=masked_var(returns, mask).item(),
        value_mean=masked_mean(values, mask).item(), value_var=masked_var(values, mask).item(),
        vpred_mean=masked_mean(vpreds, mask).item(), val_error=masked_mean((vpreds - returns) ** 2, mask).item())
    return loss, stats


class AdaptiveKLController:
    def __init__(self, init_kl_coef, target, horizon):
        self.value, self.target, self.horizon = init_kl_coef, target, horizon

    def update(self, current, n_steps):
        proportional_error = min(max(current / self.target - 1, -0.2), 0.2)
        self.value *= 1 + proportional_error * n_steps / self.horizon


class RunningMoments:
    """trl/trainer/utils.py RunningMoments.update, single process."""

    def __init__(self):
        self.mean, self.std, self.var, self.count = 0, 1, 1, 1e-24

    def update(self, xs):
        xs_count = xs.numel()
        xs_var, xs_mean = torch.var_mean(xs, unbiased=False)
        xs_mean, xs_var = xs_mean.float(), xs_var.float()
        delta = xs_mean - self.mean
        tot_count = self.count + xs_count
        new_sum = xs_var * xs_count
        old_sum = self.var * self.count + delta ** 2 * self.count * xs_count / tot_count
        tot_sum = old_sum + new_sum
        self.mean += delta * xs_count / tot_count
        self.var = tot_sum / tot_count
        self.std = (self.var * tot_count / (tot_count - 1)).float().sqrt()
        self.count = tot_count
        return xs_mean.item(), (xs_var * xs_count / (xs_count - 1)).float().sqrt().item()


def scale_scores(running, scores, use_score_norm):
    running.update(scores)
    factor = running.std + torch.finfo(scores.dtype).eps
    return (scores - running.mean) / factor if use_score_norm else scores / factor


# ---- RA-RLHF CVaR filter (the paper's method, DESIGN.md section 1 item 5) ----
def cvar_keep(episode_values, keep_count):
    threshold = torch.sort(episode_values).values[keep_count - 1]
    return (episode_values <= threshold).float(), threshold.item()


def first_indices(mask):
    return [int(row.nonzero()[0]) for row in mask]


def tolist(t):
    return t.detach().reshape(-1).tolist() if t.dim() > 0 else t.item()


def make_rollout(rng, B, T, V):
    logits = rng.uniform((B, T, V), -2.0, 2.0)
    ref_logits = logits + rng.uniform((B, T, V), -0.5, 0.5)
    tokens = torch.tensor([int(rng.unit() * V) for _ in range(B * T)]).reshape(B, T)
    full_lp = F.log_softmax(logits, dim=-1)
    full_ref = F.log_softmax(ref_logits, dim=-1)
    logprobs = torch.gather(full_lp, 2, tokens.unsqueeze(2)).squeeze(-1)
    ref_logprobs = torch.gather(full_ref, 2, tokens.unsqueeze(2)).squeeze(-1)
    values = rng.uniform((B, T), -1.0, 1.0)
    return logits, full_lp, full_ref, logprobs, ref_logprobs, values


MASK = torch.tensor([
    [0, 1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1, 1],
    [0, 0, 1, 1, 1, 1],
    [1, 1, 1, 0, 0, 0],
    [0, 1, 1, 1, 1, 1],
], dtype=torch.float32)


def step_case(name, seed, kl_kind, kl_coef, gamma, lam, whiten_rewards, keep_count, rank_by, scores=None, perturb=0.3, cfg_over=None,
              rows=None):
    rng = SplitMix64(seed)
    B, T, V = MASK.shape[0], MASK.shape[1], 5
    logits, full_lp, full_ref, logprobs, ref_logprobs, values = make_rollout(rng, B, T, V)
    if scores is None:
        scores = rng.uniform((B,), -3.0, 3.0)
    else:
        scores = torch.tensor(scores, dtype=torch.float32)
    mask = MASK.clone()
    kl = kl_penalty(kl_kind, logprobs, ref_logprobs, full_lp, full_ref)
    rewards, non_score = compute_rewards(scores, kl, mask, kl_coef)
    mvalues, raw_adv, returns = compute_advantages(values, rewards, mask, gamma, lam, whiten_rewards)
    firsts = first_indices(mask)
    episode_returns = torch.stack([returns[b, firsts[b]] for b in range(B)])
    rank = episode_returns if rank_by == "return" else scores
    keep, var = cvar_keep(rank, keep_count)
    kept_mask = mask * keep.unsqueeze(1)
    advantages = masked_whiten(raw_adv, kept_mask).detach()

    # objective/kl as record_step_stats, over the kept episodes only
    kl_list = ((logprobs - ref_logprobs) * kept_mask).sum(axis=-1)
    objective_kl = (kl_list.sum() / keep.sum()).item()
    kept_rows = keep.bool()
    record = dict(
        objective_kl=objective_kl,
        entropy=((-logprobs * kept_mask).sum(axis=-1).sum() / keep.sum()).item(),
        mean_non_score_reward=masked_mean(non_score, kept_mask).item(),
        score_mean=scores[kept_rows].mean().item(),
        score_std=scores[kept_rows].std().item() if int(keep.sum()) > 1 else float("nan"))

    # one mini-batch = the whole batch; new log-probs/values perturbed so some ratios and values clip
    cfg = dict(cliprange=0.2, cliprange_value=0.2, vf_coef=0.1, ratio_threshold=10.0)
    cfg.update(cfg_over or {})
    delta = rng.uniform((B, T), -perturb, perturb)
    delta[0, 1] = 0.0  # an exact ratio of 1: the tie between the clipped and unclipped terms
    vdelta = rng.uniform((B, T), -0.5, 0.5)
    new_logits = logits + rng.uniform((B, T, V), -0.2, 0.2)
    rows = list(range(B)) if rows is None else rows
    sel = torch.tensor(rows)
    new_logprobs = (logprobs + delta)[sel].clone().requires_grad_(True)
    vpreds = (values + vdelta)[sel].clone().requires_grad_(True)
    new_logits = new_logits[sel]
    loss, stats = ppo_loss(logprobs[sel], mvalues[sel], new_logits, vpreds, new_logprobs, kept_mask[sel], advantages[sel],
                           returns[sel], cfg)
    loss.backward()
    entropies = entropy_from_logits(new_logits)
    return dict(
        name=name, rows=B, cols=T, vocab=V, kl_penalty=kl_kind, kl_coef=kl_coef, gamma=gamma, lam=lam,
        whiten_rewards=whiten_rewards, keep_count=keep_count, rank_by=rank_by, config=cfg,
        mask=tolist(mask), scores=tolist(scores), logprobs=tolist(logprobs), ref_logprobs=tolist(ref_logprobs),
        full_logprobs=tolist(full_lp), full_ref_logprobs=tolist(full_ref), values=tolist(values),
        kl=tolist(kl), rewards=tolist(rewards), non_score_rewards=tolist(non_score), masked_values=tolist(mvalues),
        raw_advantages=tolist(raw_adv), returns=tolist(returns), episode_returns=tolist(episode_returns),
        kept=tolist(keep), value_at_risk=var, kept_mask=tolist(kept_mask), advantages=tolist(advantages),
        record=record, minibatch_rows=rows,
        new_logprobs=tolist(new_logprobs), value_predictions=tolist(vpreds), entropies=tolist(entropies),
        loss=loss.item(), stats=stats, grad_logprobs=tolist(new_logprobs.grad), grad_values=tolist(vpreds.grad))


def main():
    cases = [
        step_case("plain_kl", 11, "kl", 0.2, 1.0, 0.95, False, 5, "return"),
        step_case("abs_gamma", 12, "abs", 0.1, 0.9, 0.8, False, 5, "return"),
        step_case("mse_whiten_rewards", 13, "mse", 0.3, 1.0, 0.95, True, 5, "return"),
        step_case("full_kl", 14, "full", 0.2, 1.0, 0.95, False, 5, "return"),
        step_case("cvar_return_b0_2", 15, "kl", 0.2, 1.0, 0.95, False, 2, "return", perturb=0.6),
        step_case("cvar_score_tie_b0_1", 16, "kl", 0.2, 1.0, 0.95, False, 1, "score",
                  scores=[1.0, -0.5, 2.5, -0.5, 0.25]),
        step_case("minibatch_rows_3_1", 18, "kl", 0.2, 1.0, 0.95, False, 3, "return", rows=[3, 1]),
        step_case("skip_ratio", 17, "kl", 0.2, 1.0, 0.95, False, 5, "return", perturb=3.0,
                  cfg_over=dict(ratio_threshold=1.5)),
    ]
    with open(os.path.join(HERE, "trl_ppo_step.json"), "w") as f:
        json.dump(cases, f, indent=None, separators=(",", ":"))
        f.write("\n")

    # masked statistics on a vector with a partial mask
    rng = SplitMix64(21)
    x = rng.uniform((12,), -4.0, 4.0)
    m = torch.tensor([1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1], dtype=torch.float32)
    masked = dict(values=tolist(x), mask=tolist(m), mean=masked_mean(x, m).item(), var_unbiased=masked_var(x, m).item(),
                  var_biased=masked_var(x, m, unbiased=False).item(), whiten=tolist(masked_whiten(x, m)),
                  whiten_keep_mean=tolist(masked_whiten(x, m, shift_mean=False)))

    # adaptive KL controller trajectory (TRL passes n_steps = batch_size)
    ctl = AdaptiveKLController(0.2, 6.0, 10000)
    kls = [0.0, 3.0, 6.0, 7.5, 12.0, 30.0, -2.0, 5.9]
    trajectory = []
    for k in kls:
        ctl.update(k, 128)
        trajectory.append(ctl.value)
    controller = dict(init=0.2, target=6.0, horizon=10000, n_steps=128, kls=kls, values=trajectory)

    running = RunningMoments()
    rm_rng = SplitMix64(31)
    batches, scaled, normed, moments = [], [], [], []
    normer = RunningMoments()
    for i in range(3):
        xs = rm_rng.uniform((6,), -2.0 + i, 3.0 + 2 * i)
        batches.append(tolist(xs))
        scaled.append(tolist(scale_scores(running, xs, False)))
        normed.append(tolist(scale_scores(normer, xs, True)))
        moments.append(dict(mean=float(running.mean), var=float(running.var), std=float(running.std), count=float(running.count)))
    running_moments = dict(batches=batches, scaled=scaled, normalized=normed, moments=moments)

    gen = SplitMix64(12345)
    splitmix = dict(seed=12345, u64=[str(gen.next_u64()) for _ in range(4)])

    with open(os.path.join(HERE, "trl_core.json"), "w") as f:
        json.dump(dict(masked=masked, adaptive_kl=controller, splitmix=splitmix, running_moments=running_moments), f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
