#!/usr/bin/python3
"""PyTorch reference for `rarlhf bench` (same model, same batch, same counting), for docs/benchmarks.md.

  /usr/bin/python3 bench/torch_reference.py --config CONFIG.json --batch B --seq T --gen G [--steps N] [--threads 2]

train_tokens_per_s: forward + backward + AdamW step of the LM loss on B×T tokens (float32, one warm-up step first).
decode_tokens_per_s: prefill T/2 prompt tokens, then G sampled tokens per row with a KV cache, B·G / wall time;
decode_cpu_s: the process's CPU time over the same span (all threads), the fairer figure on a busy machine.
The model is a plain GPT-2 (pre-LN, tanh GELU, tied head) written here, not Hugging Face's; weights N(0, 0.02).
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, c, nh, inner, eps):
        super().__init__()
        self.nh = nh
        self.ln_1, self.ln_2 = nn.LayerNorm(c, eps=eps), nn.LayerNorm(c, eps=eps)
        self.c_attn, self.attn_proj = nn.Linear(c, 3 * c), nn.Linear(c, c)
        self.c_fc, self.mlp_proj = nn.Linear(c, inner), nn.Linear(inner, c)

    def forward(self, x, cache=None):
        B, T, C = x.shape
        hs = C // self.nh
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.nh, hs).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if cache[0] is not None:
                k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
            cache[0], cache[1] = k, v
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
        S = k.shape[2]
        causal = torch.ones(T, S, dtype=torch.bool).tril(S - T)
        att = torch.softmax(att.masked_fill(~causal, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.attn_proj(y)
        h = self.c_fc(self.ln_2(x))
        return x + self.mlp_proj(0.5 * h * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * h ** 3))))


class Gpt2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        c = cfg["n_embd"]
        self.wte, self.wpe = nn.Embedding(cfg["vocab_size"], c), nn.Embedding(cfg["n_positions"], c)
        self.h = nn.ModuleList(Block(c, cfg["n_head"], cfg.get("n_inner") or 4 * c, cfg.get("layer_norm_epsilon", 1e-5))
                               for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(c, eps=cfg.get("layer_norm_epsilon", 1e-5))
        for p in self.parameters():
            nn.init.normal_(p, std=0.02) if p.dim() > 1 else None

    def forward(self, ids, start=0, caches=None):
        pos = torch.arange(start, start + ids.shape[1])
        x = self.wte(ids) + self.wpe(pos)
        for i, block in enumerate(self.h):
            x = block(x, None if caches is None else caches[i])
        return self.ln_f(x) @ self.wte.weight.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=112)
    ap.add_argument("--gen", type=int, default=48)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    with open(a.config) as f:
        cfg = json.load(f)
    model = Gpt2(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    ids = torch.randint(0, cfg["vocab_size"], (a.batch, a.seq))

    def train_step():
        opt.zero_grad()
        logits = model(ids)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
        loss.backward()
        opt.step()

    train_step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        train_step()
    train_s = (time.perf_counter() - t0) / a.steps

    prompt = ids[:, : a.seq // 2]
    with torch.no_grad():
        t0, cpu0 = time.perf_counter(), time.process_time()
        caches = [[None, None] for _ in model.h]
        logits = model(prompt, 0, caches)[:, -1]
        for g in range(a.gen):
            nxt = torch.multinomial(torch.softmax(logits, -1), 1)
            if g == a.gen - 1:
                break
            logits = model(nxt, prompt.shape[1] + g, caches)[:, -1]
        decode_s = time.perf_counter() - t0
        decode_cpu_s = time.process_time() - cpu0  # process CPU time (all threads) while decoding

    print(json.dumps(dict(
        torch=torch.__version__, threads=torch.get_num_threads(), n_layer=cfg["n_layer"], n_embd=cfg["n_embd"],
        vocab_size=cfg["vocab_size"], batch=a.batch, seq=a.seq, gen=a.gen,
        train_step_s=round(train_s, 4), train_tokens_per_s=round(a.batch * a.seq / train_s, 1),
        decode_s=round(decode_s, 4), decode_tokens_per_s=round(a.batch * a.gen / decode_s, 1),
        decode_cpu_s=round(decode_cpu_s, 4),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))))


if __name__ == "__main__":
    main()
