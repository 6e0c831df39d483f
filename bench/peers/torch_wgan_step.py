#!/usr/bin/env python3
"""PyTorch peer of bench/tfjs_backend_bench.ts: the same WGAN-GP critic and generator
training steps at batch 64 (paper size and filters / 4), for a side-by-side timing.
These are the previous architecture's CNNs (before lib/models was rebuilt on rows in
538350f): comparable with tfjs_backend_bench.ts only, not with bench/models_bench.ts.

Not part of CI. Debian: apt-get install -y python3-torch libopenblas0-pthread. Run:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/peers/torch_wgan_step.py [--threads 2] [--runs 5]

Writes bench/results/torch_peer.json.
"""
import argparse
import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone

import torch
import torch.nn as nn
import torch.nn.functional as F

B, H, W, Z, COND = 64, 30, 64, 128, 317
SIZES = [
    dict(name="paper", critic=(64, 128, 256), gen=(256, 128, 64), fc=512, grid=64),
    dict(name="filters/4", critic=(16, 32, 64), gen=(64, 32, 16), fc=128, grid=16),
]


class Critic(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.proj = nn.Linear(COND, H * W, bias=False)
        self.c1 = nn.Conv2d(3, f[0], 3, 2, 1)
        self.c2 = nn.Conv2d(f[0], f[1], 3, 2, 1)
        self.c3 = nn.Conv2d(f[1], f[2], 3, 2, 1)
        self.c4 = nn.Conv2d(f[2], 1, 1, bias=False)

    def forward(self, x, cond):  # x: [B, 2, H, W]
        h = torch.cat([x, self.proj(cond).view(-1, 1, H, W)], 1)
        for c in (self.c1, self.c2, self.c3):
            h = F.leaky_relu(c(h), 0.2)
        return self.c4(h).mean(dim=(1, 2, 3))


class Generator(nn.Module):
    def __init__(self, f, fc, grid):
        super().__init__()
        self.grid = grid
        self.fc1 = nn.Linear(Z + COND, fc)
        self.fc2 = nn.Linear(fc, 4 * 8 * grid)
        chans = [grid, *f]
        # padding/output_padding reproduce TF "same" for stride 2, kernel 3
        self.ts = nn.ModuleList(
            nn.ConvTranspose2d(chans[i], chans[i + 1], 3, 2, 1, output_padding=1, bias=False)
            for i in range(3))
        self.bns = nn.ModuleList(nn.BatchNorm2d(c, eps=1e-3) for c in f)
        self.out = nn.Conv2d(f[2], 2, 1)

    def forward(self, z, cond):
        h = F.relu(self.fc1(torch.cat([z, cond], 1)))
        h = self.fc2(h).view(-1, self.grid, 4, 8)
        for t, bn in zip(self.ts, self.bns):
            h = F.relu(bn(t(h)))
        return torch.tanh(self.out(h[:, :, :H, :]))


def bench(size, runs, warmup):
    torch.manual_seed(0)
    critic, gen = Critic(size["critic"]), Generator(size["gen"], size["fc"], size["grid"])
    opt_c = torch.optim.Adam(critic.parameters(), 1e-4, betas=(0.5, 0.9))
    opt_g = torch.optim.Adam(gen.parameters(), 1e-4, betas=(0.5, 0.9))
    real = torch.randn(B, 2, H, W) * 0.5
    cond, z = torch.randn(B, COND), torch.randn(B, Z)
    eps = torch.rand(B, 1, 1, 1)

    def critic_step():
        with torch.no_grad():
            fake = gen(z, cond)
        xhat = (real + eps * (fake - real)).requires_grad_(True)
        g, = torch.autograd.grad(critic(xhat, cond).sum(), xhat, create_graph=True)
        gp = ((g.flatten(1).pow(2).sum(1) + 1e-12).sqrt() - 1).pow(2).mean()
        loss = critic(fake, cond).mean() - critic(real, cond).mean() + 10 * gp
        opt_c.zero_grad(set_to_none=True)
        loss.backward()
        opt_c.step()

    def gen_step():
        loss = -critic(gen(z, cond), cond).mean()
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()

    out = {}
    for name, step in (("critic", critic_step), ("generator", gen_step)):
        for _ in range(warmup):
            step()
        d = []
        for _ in range(runs):
            t0 = time.perf_counter()
            step()
            d.append((time.perf_counter() - t0) * 1e3)
        out[name] = dict(runs=runs, medianMs=statistics.median(d), minMs=min(d), meanMs=statistics.fmean(d))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    for size in SIZES:
        r = bench(size, args.runs, 1)
        rows.append(dict(config=f"torch-{args.threads}t", size=size["name"], batch=B,
                         criticStepMs=r["critic"]["medianMs"],
                         generatorStepMs=r["generator"]["medianMs"], **r))
        print(f"torch {size['name']}: critic {r['critic']['medianMs']:.0f} ms, "
              f"generator {r['generator']['medianMs']:.0f} ms")
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "results", "torch_peer.json")
    with open(path, "w") as f:
        json.dump(dict(benchmark="torch_peer", date=datetime.now(timezone.utc).isoformat(),
                       environment=dict(torch=torch.__version__, python=platform.python_version(),
                                        threads=torch.get_num_threads(),
                                        openblas_ld_path=os.environ.get("LD_LIBRARY_PATH", ""),
                                        cpu=platform.processor()),
                       rows=rows), f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
