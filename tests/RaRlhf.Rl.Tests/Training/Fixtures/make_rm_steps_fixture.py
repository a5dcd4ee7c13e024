#!/usr/bin/python3
"""Reference for 3 optimizer steps of RewardModelTrainer on a tiny GPT2ForSequenceClassification, in torch float64.

10 labeled texts of 3-7 tokens, 2 labels; batches of 4 from the per-epoch SplitMix64 permutation with drop_last (a new
permutation when fewer than 4 remain), right padded; logits = score.weight (2, C) at each row's last real token;
mean softmax cross-entropy; clip_grad_norm_(1.0); torch.optim.AdamW(wd 0.01, eps 1e-8) with the HF cosine-with-warmup
learning rate (warmup 1, total 3, peak 1e-2). Model, weights (score.weight continues the flat generator after ln_f,
0.1*u) and permutation as make_ppo_step_fixture.py.

Regenerate from the repository root: /usr/bin/python3 tests/RaRlhf.Rl.Tests/Training/Fixtures/make_rm_steps_fixture.py
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
WEIGHT_SEED, DATA_SEED, LABELS = 77, 41, 2
S = dict(learning_rate=1e-2, warmup_steps=1, total_steps=3, batch_size=4, weight_decay=0.01, max_grad_norm=1.0, seed=9)


def lr_at(step):
    if step < S["warmup_steps"]:
        return S["learning_rate"] * step / S["warmup_steps"]
    p = min(max((step - S["warmup_steps"]) / max(1, S["total_steps"] - S["warmup_steps"]), 0.0), 1.0)
    return S["learning_rate"] * 0.5 * (1 + math.cos(math.pi * p))


def main():
    V, C = ref.CFG["vocab_size"], ref.CFG["n_embd"]
    lengths = [3 + int(x % np.uint64(5)) for x in ref.splitmix64(DATA_SEED, 1000, 10)]
    texts = [[int(x) for x in ref.splitmix64(DATA_SEED, 16 * j, n) % np.uint64(V)] for j, n in enumerate(lengths)]
    labels = [j % 2 for j in range(10)]
    P = ref.generated_weights(ref.CFG, WEIGHT_SEED, value_head=False)
    offset = sum(int(np.prod(s)) for _, s in ref.layout(ref.CFG, False))
    u = 2.0 * ref.uniform(WEIGHT_SEED, offset, LABELS * C) - 1.0
    P["score.weight"] = torch.tensor((0.1 * u).astype(np.float32).reshape(LABELS, C), dtype=torch.float64)
    names = [k for k, _ in ref.layout(ref.CFG, False)] + ["score.weight"]
    params = [P[k] for k in names]
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=S["learning_rate"], betas=(0.9, 0.999), eps=1e-8, weight_decay=S["weight_decay"])
    rng = ref.SequentialSplitMix64(S["seed"])
    order, cursor, bs = [], 0, S["batch_size"]
    losses, norms = [], []
    for step in range(S["total_steps"]):
        if cursor + bs > len(order):
            order, cursor = rng.permutation(len(texts)), 0
        rows = order[cursor:cursor + bs]
        cursor += bs
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        opt.zero_grad(set_to_none=False)
        T = max(len(texts[i]) for i in rows)
        ids = torch.zeros(bs, T, dtype=torch.long)
        attn = torch.zeros(bs, T, dtype=torch.long)
        for j, i in enumerate(rows):
            ids[j, :len(texts[i])] = torch.tensor(texts[i])
            attn[j, :len(texts[i])] = 1
        hidden = ref.gpt2(P, ids, attn, return_hidden=True)
        last = torch.tensor([len(texts[i]) - 1 for i in rows])
        logits = hidden[torch.arange(bs), last] @ P["score.weight"].T
        loss = F.cross_entropy(logits, torch.tensor([labels[i] for i in rows]))
        loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_(params, S["max_grad_norm"]).item())
        opt.step()
        losses.append(loss.item())
    out = {}
    for k in names:
        a = P[k].detach().reshape(-1).numpy()
        si = ref.sample_indices(a.size, ref.SAMPLES)
        out[k] = dict(sample_index=si, sample=[float(a[i]) for i in si])
    fixture = dict(config=ref.CFG, settings=S, weight_seed=WEIGHT_SEED, texts=texts, labels=labels, losses=losses,
                   grad_norms=norms, params=out)
    with open(os.path.join(HERE, "rm_steps.json"), "w") as f:
        json.dump(fixture, f, indent=1)
    print("losses", losses, "grad norms", norms)


if __name__ == "__main__":
    main()
