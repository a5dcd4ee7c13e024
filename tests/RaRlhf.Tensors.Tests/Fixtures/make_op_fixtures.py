#!/usr/bin/python3
"""PyTorch reference values for the RaRlhf.Tensors tape ops and optimizers.

Regenerate (needs torch; CI does not, the output is committed):
    /usr/bin/python3 tests/RaRlhf.Tensors.Tests/Fixtures/make_op_fixtures.py
Writes op_fixtures.json beside this script.

Inputs are not stored: each is described by (shape, seed, scale, shift) and rebuilt on both sides with the same
SplitMix64 generator (RaRlhf.Tensors.SplitMix64): u = ((z >> 40) * 2^-24) * 2 - 1, x = shift + scale * u, float32.
Each case stores the forward output and the gradient of sum(output * w) with respect to every float input, where
w is another generated tensor (the "upstream" spec) of the output's shape.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

MASK64 = (1 << 64) - 1


def splitmix(seed, n):
    state = seed & MASK64
    out = []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z = z ^ (z >> 31)
        out.append((z >> 40) * (1.0 / (1 << 24)) * 2.0 - 1.0)
    return out


def make(spec):
    shape, seed, scale, shift = spec["shape"], spec["seed"], spec.get("scale", 1.0), spec.get("shift", 0.0)
    n = math.prod(shape)
    u = torch.tensor(splitmix(seed, n), dtype=torch.float32)
    x = torch.tensor(shift, dtype=torch.float32) + torch.tensor(scale, dtype=torch.float32) * u
    return x.reshape(shape)


def spec(shape, seed, scale=1.0, shift=0.0):
    return {"shape": list(shape), "seed": seed, "scale": scale, "shift": shift}


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


CASES = []


def case(name, inputs, fn, ints=None, grad_inputs=None):
    xs = [make(s).requires_grad_(True) for s in inputs]
    y = fn(*xs)
    upstream = spec(list(y.shape), 1000 + len(CASES))
    w = make(upstream)
    (y * w).sum().backward()
    CASES.append({
        "name": name,
        "inputs": inputs,
        "ints": ints or [],
        "upstream": upstream,
        "output_shape": list(y.shape),
        "output": flat(y),
        "grads": [flat(x.grad) if x.grad is not None else [] for x in xs],
    })


def attention(q, k, v, key_mask):
    t = q.shape[2]
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
    allowed = causal[None, None] & (key_mask[:, None, None, :] != 0)
    p = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
    return p @ v


def masked_mean(values, mask, axis=None):
    if axis is not None:
        return (values * mask).sum(axis=axis) / mask.sum(axis=axis)
    return (values * mask).sum() / mask.sum()


def masked_var(values, mask):
    mean = masked_mean(values, mask)
    variance = masked_mean((values - mean) ** 2, mask)
    n = mask.sum()
    return variance * (n / (n - 1))


def masked_whiten(values, mask, shift_mean=True):
    mean, var = masked_mean(values, mask), masked_var(values, mask)
    whitened = (values - mean) * torch.rsqrt(var + 1e-8)
    return whitened if shift_mean else whitened + mean


def trl_ppo_loss(logprobs, old_logprobs, advantages, values, vpreds, returns, mask, cliprange=0.2, cliprange_value=0.2,
                 vf_coef=0.1):
    """TRL 0.7.2 PPOTrainer.loss (policy + value), written out with the same ops."""
    vpredclipped = torch.max(torch.min(vpreds, values + cliprange_value), values - cliprange_value)
    vf_loss = 0.5 * masked_mean(torch.max((vpreds - returns) ** 2, (vpredclipped - returns) ** 2), mask)
    ratio = torch.exp(logprobs - old_logprobs)
    pg_losses = -advantages * ratio
    pg_losses2 = -advantages * torch.clamp(ratio, 1.0 - cliprange, 1.0 + cliprange)
    pg_loss = masked_mean(torch.max(pg_losses, pg_losses2), mask)
    return pg_loss + vf_coef * vf_loss


def build_op_cases():
    a35, b35 = spec([3, 5], 1), spec([3, 5], 2)
    case("add_row", [a35, spec([5], 3)], lambda a, b: a + b)
    case("sub_col", [a35, spec([3, 1], 4)], lambda a, b: a - b)
    case("mul_scalar_tensor", [spec([2, 3, 4], 5), spec([], 6)], lambda a, b: a * b)
    case("mul_outer", [spec([2, 1, 4], 7), spec([3, 1], 8)], lambda a, b: a * b)
    case("div", [a35, spec([3, 5], 9, 0.5, 2.0)], lambda a, b: a / b)
    case("minimum", [a35, b35], torch.minimum)
    case("maximum_row", [a35, spec([5], 10)], torch.maximum)
    x = spec([4, 7], 11, 2.0)
    pos = spec([4, 7], 12, 0.9, 1.5)
    case("exp", [x], torch.exp)
    case("log", [pos], torch.log)
    case("tanh", [x], torch.tanh)
    case("sigmoid", [x], torch.sigmoid)
    case("logsigmoid", [spec([4, 7], 13, 8.0)], F.logsigmoid)
    case("square", [x], lambda a: a * a)
    case("sqrt", [pos], torch.sqrt)
    case("rsqrt", [pos], torch.rsqrt)
    case("gelu_new", [spec([5, 9], 14, 3.0)], lambda a: F.gelu(a, approximate="tanh"))
    case("clamp", [x], lambda a: torch.clamp(a, -0.7, 0.9))
    case("scale_addscalar_neg", [x], lambda a: -(a * 1.7 + 0.3))
    case("sum", [x], lambda a: a.sum())
    case("mean", [x], lambda a: a.mean())
    case("sum_dim0", [spec([3, 4, 5], 15)], lambda a: a.sum(0))
    case("mean_last", [spec([3, 4, 5], 16)], lambda a: a.mean(-1))
    case("transpose_0_2", [spec([2, 3, 4], 17)], lambda a: a.transpose(0, 2).contiguous())
    case("slice_dim1", [spec([3, 6, 2], 18)], lambda a: a[:, 1:5, :])
    case("concat_dim1", [spec([2, 3, 2], 19), spec([2, 1, 2], 20)], lambda a, b: torch.cat([a, b], dim=1))
    for ta in (False, True):
        for tb in (False, True):
            sa = [7, 5] if ta else [5, 7]
            sb = [6, 7] if tb else [7, 6]
            case(f"matmul_t{int(ta)}{int(tb)}", [spec(sa, 21), spec(sb, 22)],
                 lambda a, b, ta=ta, tb=tb: (a.t() if ta else a) @ (b.t() if tb else b))
    case("bmm_tb", [spec([2, 3, 4, 5], 23), spec([2, 3, 6, 5], 24)], lambda a, b: a @ b.transpose(-1, -2))
    case("matmul_fold_rows", [spec([2, 3, 5], 25), spec([5, 4], 26)], lambda a, b: a @ b)
    case("matmul_broadcast_ta", [spec([2, 5, 3], 27), spec([5, 4], 28)], lambda a, b: a.transpose(-1, -2) @ b)
    case("add_bias", [spec([2, 3, 5], 29), spec([5], 30)], lambda a, b: a + b)
    case("layer_norm", [spec([3, 2, 9], 31, 2.0, 0.5), spec([9], 32, 0.5, 1.0), spec([9], 33)],
         lambda a, w, b: F.layer_norm(a, (9,), w, b, 1e-5))
    case("softmax", [spec([3, 4, 6], 34, 3.0)], lambda a: torch.softmax(a, -1))
    case("log_softmax", [spec([3, 4, 6], 35, 3.0)], lambda a: torch.log_softmax(a, -1))
    targets = [3, 0, 5, 5, 1, 2, 4, 0]
    case("gather_logprobs", [spec([2, 4, 6], 36, 3.0)],
         lambda a: torch.gather(torch.log_softmax(a, -1), 2, torch.tensor(targets).reshape(2, 4, 1)).squeeze(-1),
         ints=targets)
    ce_targets = [3, -100, 5, 1, -100, 2, 4, 0]
    case("cross_entropy_ignore", [spec([8, 6], 37, 3.0)],
         lambda a: F.cross_entropy(a, torch.tensor(ce_targets), ignore_index=-100), ints=ce_targets)
    ids = [4, 1, 4, 0, 6, 1]
    case("embedding", [spec([7, 5], 38)], lambda w: F.embedding(torch.tensor(ids).reshape(2, 3), w), ints=ids)
    key_mask = [1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0]  # (B=3, T=6), right-padded rows
    km = torch.tensor(key_mask, dtype=torch.float32).reshape(3, 6)
    qkv = [spec([3, 2, 6, 4], s) for s in (39, 40, 41)]
    case("causal_attention_masked", qkv, lambda q, k, v: attention(q, k, v, km), ints=key_mask)
    mask = [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0]  # (3, 7)
    m = torch.tensor(mask, dtype=torch.float32).reshape(3, 7)
    vals = spec([3, 7], 42, 2.0, 0.7)
    case("masked_mean", [vals], lambda a: masked_mean(a, m), ints=mask)
    case("masked_mean_dim1", [vals], lambda a: masked_mean(a, m, 1), ints=mask)
    case("masked_var", [vals], lambda a: masked_var(a, m), ints=mask)
    case("masked_whiten", [vals], lambda a: masked_whiten(a, m, True), ints=mask)
    case("masked_whiten_keep_mean", [vals], lambda a: masked_whiten(a, m, False), ints=mask)
    ppo = [spec([3, 7], 43, 0.3, -1.0), spec([3, 7], 44, 0.3, -1.0), spec([3, 7], 45, 2.0),
           spec([3, 7], 46), spec([3, 7], 47), spec([3, 7], 48)]
    case("trl_ppo_loss", ppo, lambda *t: trl_ppo_loss(*t, m), ints=mask)


def optimizer_cases():
    n = 37
    out = []
    for name, ctor in [
        ("adamw", lambda p: torch.optim.AdamW([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)),
        ("adam_l2", lambda p: torch.optim.Adam([p], lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)),
        ("adam", lambda p: torch.optim.Adam([p], lr=3e-3)),
    ]:
        p = make(spec([n], 500)).requires_grad_(True)
        opt = ctor(p)
        trajectory = []
        for step in range(10):
            p.grad = make(spec([n], 600 + step, 0.5 if step % 2 else 2.0))
            opt.step()
            trajectory.append(flat(p))
        group = opt.param_groups[0]
        st = opt.state[p]
        out.append({
            "name": name, "size": n, "param_seed": 500, "grad_seed_base": 600,
            "lr": group["lr"], "beta1": group["betas"][0], "beta2": group["betas"][1], "eps": group["eps"],
            "weight_decay": group["weight_decay"], "decoupled": name == "adamw",
            "trajectory": trajectory, "exp_avg": flat(st["exp_avg"]), "exp_avg_sq": flat(st["exp_avg_sq"]),
        })
    return out


def clip_cases():
    out = []
    for max_norm in (0.5, 100.0):
        ps = [make(spec([s], 700 + i)).requires_grad_(True) for i, s in enumerate((13, 29, 4))]
        for i, p in enumerate(ps):
            p.grad = make(spec(list(p.shape), 800 + i, 1.5))
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
        out.append({"max_norm": max_norm, "sizes": [13, 29, 4], "grad_seed_base": 800, "grad_scale": 1.5,
                    "total_norm": float(total), "clipped": sum((flat(p.grad) for p in ps), [])})
    return out


def main():
    torch.manual_seed(0)
    build_op_cases()
    doc = {"generator": "splitmix64", "torch": torch.__version__, "ops": CASES,
           "optimizers": optimizer_cases(), "clip_grad_norm": clip_cases()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "op_fixtures.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    print(f"wrote {path}: {len(CASES)} op cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
