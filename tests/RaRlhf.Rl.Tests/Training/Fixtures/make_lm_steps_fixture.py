#!/usr/bin/python3
"""Reference for 3 optimizer steps of CausalLmTrainer on a tiny GPT-2, in torch float64.

Padded SFT-style corpus (8 documents of 5-9 tokens, right padded, label -100 on padding as HF), batch 2 x gradient
accumulation 2 (each micro-batch loss / 2), clip_grad_norm_(0.5), torch.optim.AdamW(wd 0.01, eps 1e-8) with the
HF cosine-with-warmup learning rate (warmup 1, total 3, peak 1e-2; step 0 runs at lr 0), batches in the order of the
per-epoch SplitMix64 permutation (RaRlhf.Tensors.SplitMix64). The GPT-2 forward, the weight generator and the permutation
are those of make_ppo_step_fixture.py (imported from beside this file).

Regenerate from the repository root: /usr/bin/python3 tests/RaRlhf.Rl.Tests/Training/Fixtures/make_lm_steps_fixture.py
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_ppo_step_fixture as ref  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHT_SEED, DOC_SEED = 99, 31
S = dict(learning_rate=1e-2, warmup_steps=1, total_steps=3, batch_size=2, gradient_accumulation_steps=2,
         weight_decay=0.01, max_grad_norm=0.5, seed=5)


def lr_at(step):
    if step < S["warmup_steps"]:
        return S["learning_rate"] * step / S["warmup_steps"]
    p = min(max((step - S["warmup_steps"]) / max(1, S["total_steps"] - S["warmup_steps"]), 0.0), 1.0)
    return S["learning_rate"] * 0.5 * (1 + math.cos(math.pi * p))


def main():
    V = ref.CFG["vocab_size"]
    lengths = [5 + int(x % np.uint64(5)) for x in ref.splitmix64(DOC_SEED, 1000, 8)]
    docs = [[int(x) for x in ref.splitmix64(DOC_SEED, 16 * j, n) % np.uint64(V)] for j, n in enumerate(lengths)]
    P = {k: v for k, v in ref.generated_weights(ref.CFG, WEIGHT_SEED, value_head=False).items()}
    params = [P[k] for k, _ in ref.layout(ref.CFG, False)]
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=S["learning_rate"], betas=(0.9, 0.999), eps=1e-8, weight_decay=S["weight_decay"])
    rng = ref.SequentialSplitMix64(S["seed"])
    per_epoch = (len(docs) + S["batch_size"] - 1) // S["batch_size"]
    order, cursor = [], per_epoch
    losses, lrs, norms = [], [], []
    for step in range(S["total_steps"]):
        lr = lr_at(step)
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad(set_to_none=False)
        total = 0.0
        for _ in range(S["gradient_accumulation_steps"]):
            if cursor == per_epoch:
                order, cursor = rng.permutation(len(docs)), 0
            rows = [docs[i] for i in order[cursor * S["batch_size"]:(cursor + 1) * S["batch_size"]]]
            cursor += 1
            T = max(len(r) for r in rows)
            ids = torch.zeros(len(rows), T, dtype=torch.long)
            attn = torch.zeros(len(rows), T, dtype=torch.long)
            for j, r in enumerate(rows):
                ids[j, :len(r)] = torch.tensor(r)
                attn[j, :len(r)] = 1
            logits, _ = ref.gpt2(P, ids, attn)
            labels = torch.where(attn.bool(), ids, torch.full_like(ids, -100))
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, V), labels[:, 1:].reshape(-1), ignore_index=-100)
            (loss / S["gradient_accumulation_steps"]).backward()
            total += loss.item()
        norms.append(torch.nn.utils.clip_grad_norm_(params, S["max_grad_norm"]).item())
        opt.step()
        losses.append(total / S["gradient_accumulation_steps"])
        lrs.append(lr)
    out = {}
    for k, _ in ref.layout(ref.CFG, False):
        a = P[k].detach().reshape(-1).numpy()
        si = ref.sample_indices(a.size, ref.SAMPLES)
        out[k] = dict(sum=float(a.sum()), sample_index=si, sample=[float(a[i]) for i in si])
    fixture = dict(config=ref.CFG, settings=S, weight_seed=WEIGHT_SEED, documents=docs, losses=losses, learning_rates=lrs,
                   grad_norms=norms, params=out)
    with open(os.path.join(HERE, "lm_steps.json"), "w") as f:
        json.dump(fixture, f, indent=1)
    print("losses", losses, "lrs", lrs, "grad norms", norms)


if __name__ == "__main__":
    main()
