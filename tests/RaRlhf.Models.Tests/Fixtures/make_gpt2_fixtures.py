#!/usr/bin/python3
"""Generates the GPT-2 parity fixtures for RaRlhf.Models.Tests.

A plain nanoGPT-style GPT-2 written here in torch (not Hugging Face code), evaluated in float64, gives the reference
logits, LM loss, every parameter gradient (summaries + deterministic samples) and the loss of 10 AdamW steps.

Cases:
  gpt2_tiny_random.json  weights of ../shared/data/tiny-random-gpt2/model.safetensors, read at generation time
                         (the test reads the same file; no weights are committed)
  gpt2_random_50257.json vocab 50257, 2 layers; weights from the counter-based splitmix64 generator that the C# test
                         implements identically (SplitMix64.At), so nothing big is committed

Regenerate from the repository root (needs Debian's python3-torch; CI does not):
  /usr/bin/python3 tests/RaRlhf.Models.Tests/Fixtures/make_gpt2_fixtures.py
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.environ.get("RARLHF_DATA", os.path.join(REPO, "..", "shared", "data"))
GAMMA = np.uint64(0x9E3779B97F4A7C15)
SAMPLES_PER_TENSOR = 16
LOGIT_SAMPLES = 512
ADAM = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
ADAM_STEPS = 10


def splitmix64(seed, start, count):
    """Value i of stream seed is mix(seed + (i + 1) * gamma), i = start .. start + count - 1 (uint64 wraps)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(start, start + count, dtype=np.uint64) + np.uint64(1)) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(seed, start, count):
    return (splitmix64(seed, start, count) >> np.uint64(40)).astype(np.float64) * (1.0 / (1 << 24))


def layout(cfg):
    """Canonical tensor order and shapes (HF names without 'transformer.'), identical to Gpt2Layout in C#."""
    c, inner, out = cfg["n_embd"], cfg["n_inner"] or 4 * cfg["n_embd"], []
    out += [("wte.weight", (cfg["vocab_size"], c)), ("wpe.weight", (cfg["n_positions"], c))]
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        out += [(p + "ln_1.weight", (c,)), (p + "ln_1.bias", (c,)),
                (p + "attn.c_attn.weight", (c, 3 * c)), (p + "attn.c_attn.bias", (3 * c,)),
                (p + "attn.c_proj.weight", (c, c)), (p + "attn.c_proj.bias", (c,)),
                (p + "ln_2.weight", (c,)), (p + "ln_2.bias", (c,)),
                (p + "mlp.c_fc.weight", (c, inner)), (p + "mlp.c_fc.bias", (inner,)),
                (p + "mlp.c_proj.weight", (inner, c)), (p + "mlp.c_proj.bias", (c,))]
    return out + [("ln_f.weight", (c,)), ("ln_f.bias", (c,))]


def generated_weights(cfg, seed):
    """Uniform weights from the flat index: LN weights 1 ± 0.1, biases ± 0.02, everything else ± 0.1 (float32)."""
    weights, offset = {}, 0
    for name, shape in layout(cfg):
        n = int(np.prod(shape))
        u = 2.0 * uniform(seed, offset, n) - 1.0
        if ".ln_" in "." + name and name.endswith(".weight"):
            v = 1.0 + 0.1 * u
        elif name.endswith(".bias"):
            v = 0.02 * u
        else:
            v = 0.1 * u
        weights[name] = v.astype(np.float32).reshape(shape)
        offset += n
    return weights


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", name
        b, end = e["data_offsets"]
        out[name.removeprefix("transformer.")] = np.frombuffer(data[b:end], dtype="<f4").reshape(e["shape"])
    return out


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(P, cfg, ids, mask):
    """GPT-2 forward: (B, T) ids + key padding mask -> (B, T, V) logits."""
    B, T = ids.shape
    C, nh = cfg["n_embd"], cfg["n_head"]
    hs = C // nh
    pos = mask.long().cumsum(-1) - 1
    pos = torch.where(mask.bool(), pos, torch.ones_like(pos))
    x = P["wte.weight"][ids] + P["wpe.weight"][pos]
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    allowed = causal[None, None] & mask.bool()[:, None, None, :]
    any_key = allowed.any(-1, keepdim=True)
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        h = F.layer_norm(x, (C,), P[p + "ln_1.weight"], P[p + "ln_1.bias"], cfg["layer_norm_epsilon"])
        qkv = h @ P[p + "attn.c_attn.weight"] + P[p + "attn.c_attn.bias"]
        q, k, v = (t.view(B, T, nh, hs).transpose(1, 2) for t in qkv.split(C, dim=2))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
        att = torch.softmax(att.masked_fill(~allowed, -1e30), dim=-1)
        att = torch.where(any_key, att, torch.zeros_like(att))  # a query with no visible key attends to nothing
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + y @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), P[p + "ln_2.weight"], P[p + "ln_2.bias"], cfg["layer_norm_epsilon"])
        h = gelu_tanh(h @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"])
        x = x + h @ P[p + "mlp.c_proj.weight"] + P[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), P["ln_f.weight"], P["ln_f.bias"], cfg["layer_norm_epsilon"])
    return x @ P["wte.weight"].T


def lm_loss(logits, ids):
    V = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, V), ids[:, 1:].reshape(-1))


def sample_indices(length, count):
    return [(k * 2654435761 + 12345) % length for k in range(count)]


def make_case(name, cfg, weights, ids_seed, B, T, pad):
    V = cfg["vocab_size"]
    ids = (splitmix64(ids_seed, 0, B * T) % np.uint64(V)).astype(np.int64).reshape(B, T)
    P = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in weights.items()}
    full = torch.ones(B, T, dtype=torch.long)
    ids_t = torch.tensor(ids)

    logits = forward(P, cfg, ids_t, full)
    loss = lm_loss(logits, ids_t)
    loss.backward()
    flat = logits.detach().reshape(-1).numpy()
    li = sample_indices(flat.size, LOGIT_SAMPLES)

    grads = {}
    for key, _ in layout(cfg):
        g = P[key].grad.reshape(-1).numpy()
        si = sample_indices(g.size, SAMPLES_PER_TENSOR)
        grads[key] = dict(sum=float(g.sum()), abs_sum=float(np.abs(g).sum()), max_abs=float(np.abs(g).max()),
                          sample_index=si, sample=[float(g[i]) for i in si])

    padded_mask = torch.ones(B, T, dtype=torch.long)
    padded_mask[-1, :pad] = 0
    padded_ids = ids_t.clone()
    padded_ids[-1, :pad] = 0
    with torch.no_grad():
        padded_logits = forward(P, cfg, padded_ids, padded_mask).reshape(-1).numpy()
        unpadded_last = forward(P, cfg, ids_t[-1:, pad:], torch.ones(1, T - pad, dtype=torch.long)).reshape(-1).numpy()
    assert np.abs(padded_logits[-(T - pad) * V:] - unpadded_last).max() < 1e-9, "left padding must equal no padding"

    P2 = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in weights.items()}
    opt = torch.optim.AdamW([P2[k] for k, _ in layout(cfg)], **ADAM)
    trajectory = []
    for _ in range(ADAM_STEPS):
        opt.zero_grad()
        l = lm_loss(forward(P2, cfg, ids_t, full), ids_t)
        trajectory.append(float(l))
        l.backward()
        opt.step()

    fixture = dict(
        config=cfg, B=B, T=T, ids=ids.reshape(-1).tolist(), loss=float(loss),
        logits_sample_index=li, logits_sample=[float(flat[i]) for i in li],
        logits_row_sum=flat.reshape(B * T, V).sum(1).tolist(),
        padded=dict(ids=padded_ids.reshape(-1).tolist(), mask=padded_mask.reshape(-1).tolist(),
                    logits_sample=[float(padded_logits[i]) for i in li],
                    logits_row_sum=padded_logits.reshape(B * T, V).sum(1).tolist()),
        grads=grads, adamw=dict(ADAM, betas=list(ADAM["betas"]), steps=ADAM_STEPS, losses=trajectory))
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"{name}: loss {float(loss):.6f}, adamw {trajectory[0]:.5f} -> {trajectory[-1]:.5f}")


def main():
    torch.manual_seed(0)
    tiny_dir = os.path.join(DATA, "tiny-random-gpt2")
    with open(os.path.join(tiny_dir, "config.json")) as f:
        raw = json.load(f)
    tiny = {k: raw[k] for k in ("n_layer", "n_head", "n_embd", "n_positions", "vocab_size", "layer_norm_epsilon", "n_inner")}
    make_case("gpt2_tiny_random.json", tiny, read_safetensors(os.path.join(tiny_dir, "model.safetensors")),
              ids_seed=7, B=2, T=8, pad=3)

    big_vocab = dict(n_layer=2, n_head=2, n_embd=32, n_positions=64, vocab_size=50257, layer_norm_epsilon=1e-5, n_inner=None)
    make_case("gpt2_random_50257.json", big_vocab, generated_weights(big_vocab, seed=1234), ids_seed=11, B=2, T=6, pad=2)


if __name__ == "__main__":
    main()
