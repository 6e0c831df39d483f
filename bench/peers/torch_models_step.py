#!/usr/bin/env python3
"""PREVIOUS ARCHITECTURE, NOT COMPARABLE: this peer describes the CNN generator and
PatchGAN critic that lib/models had before commit 538350f (row-anchored models). It is
not ported; bench/models_bench.ts no longer runs or reads it (its --peer is gone), and its
timings cannot be compared with the current models' benchmark. Kept for the record.

Was: PyTorch peer of bench/models_bench.ts: the same generator and critic as lib/models
then (generator.ts, critic.ts: embedding CNN on the 20-channel past window, FC-512, three
transposed convs with batch norm, 2-channel tanh output cropped to 30 x 64; PatchGAN
critic on the 23-channel concat [x, history, projected scalars] with 4 x 4 stride-2 convs)
at a given filter scale, timing one WGAN-GP critic step (with the gradient penalty) and
one generator step at batch 64, Adam.

Not part of CI. Debian: apt-get install -y python3-torch libopenblas0-pthread. Run:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/peers/torch_models_step.py --threads 2 [--runs 3] [--scales 1,0.125]

Prints one JSON object on stdout (read by the former models_bench.ts --peer).
"""
import argparse
import json
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

K, NT, TAU, T, Z = 30, 64, 10, 5, 128
S = 2 * K + 1 + T


def scaled(n, s):
    return max(1, round(n * s))


class Generator(nn.Module):
    def __init__(self, s):
        super().__init__()
        e = [scaled(n, s) for n in (64, 128, 256)]
        u = [scaled(n, s) for n in (256, 128, 64)]
        self.embed = nn.ModuleList([nn.Conv2d(2 * TAU, e[0], 3, 2, 1), nn.Conv2d(e[0], e[1], 3, 2, 1),
                                    nn.Conv2d(e[1], e[2], 3, 2, 1)])
        self.fc = nn.Linear(e[2] + S + Z, 512)
        chans = [16, *u]
        self.ups = nn.ModuleList(nn.ConvTranspose2d(chans[i], chans[i + 1], 3, 2, 1, output_padding=1,
                                                    bias=False) for i in range(3))
        self.bns = nn.ModuleList(nn.BatchNorm2d(c, eps=1e-3, momentum=0.01) for c in u)
        self.out = nn.Conv2d(u[2], 2, 3, 1, 1)

    def forward(self, hist, scalars, z):  # hist [B, 20, 30, 64]
        h = hist
        for c in self.embed:
            h = F.relu(c(h))
        e = h.mean(dim=(2, 3))
        x = F.relu(self.fc(torch.cat([e, scalars, z], 1))).view(-1, 4, 8, 16).permute(0, 3, 1, 2)
        for t, bn in zip(self.ups, self.bns):
            x = F.relu(bn(t(x)))
        return 3 * torch.tanh(self.out(x))[:, :, 1:31, :]


class Critic(nn.Module):
    def __init__(self, s):
        super().__init__()
        f = [scaled(n, s) for n in (64, 128, 256)]
        self.proj = nn.Linear(S, K * NT)
        chans = [2 + 2 * TAU + 1, *f]
        # TF "same" with kernel 4, stride 2: pad 1 before, 2 after
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 4, 2, 0) for i in range(3))
        self.score = nn.Conv2d(f[2], 1, 1)

    def forward(self, x, hist, scalars):
        m = self.proj(scalars).view(-1, 1, K, NT)
        h = torch.cat([x, hist, m], 1)
        for c in self.convs:
            h = F.leaky_relu(c(F.pad(h, (1, 2, 1, 2))), 0.2)
        return self.score(h).mean(dim=(1, 2, 3))


def bench(s, batch, runs):
    torch.manual_seed(0)
    g, d = Generator(s), Critic(s)
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    real = torch.randn(batch, 2, K, NT) * 0.7
    hist = torch.randn(batch, 2 * TAU, K, NT) * 0.7
    sc = torch.randn(batch, S)
    z = torch.randn(batch, Z)
    eps = torch.rand(batch, 1, 1, 1)

    def critic_step():
        with torch.no_grad():
            fake = g(hist, sc, z)
        xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
        grad, = torch.autograd.grad(d(xhat, hist, sc).sum(), xhat, create_graph=True)
        gp = ((grad.flatten(1).pow(2).sum(1) + 1e-12).sqrt() - 1).pow(2).mean()
        loss = d(fake, hist, sc).mean() - d(real, hist, sc).mean() + 10 * gp
        od.zero_grad(set_to_none=True)
        loss.backward()
        od.step()

    def gen_step():
        loss = -d(g(hist, sc, z), hist, sc).mean()
        og.zero_grad(set_to_none=True)
        loss.backward()
        og.step()

    out = {}
    for name, step in (("criticStepMs", critic_step), ("generatorStepMs", gen_step)):
        step()
        ds = []
        for _ in range(runs):
            t0 = time.perf_counter()
            step()
            ds.append((time.perf_counter() - t0) * 1e3)
        out[name] = statistics.median(ds)
    g.eval()
    with torch.no_grad():
        for rows in (100, 300):
            hh = torch.randn(rows // 100, 2 * TAU, K, NT)
            ss, zz = torch.randn(rows, S), torch.randn(rows, Z)
            idx = torch.arange(rows) // 100
            def fwd():
                h = hh
                for c in g.embed:
                    h = F.relu(c(h))
                e = h.mean(dim=(2, 3))[idx]
                x = F.relu(g.fc(torch.cat([e, ss, zz], 1))).view(-1, 4, 8, 16).permute(0, 3, 1, 2)
                for t, bn in zip(g.ups, g.bns):
                    x = F.relu(bn(t(x)))
                return 3 * torch.tanh(g.out(x))[:, :, 1:31, :]
            fwd()
            ds = []
            for _ in range(max(3, runs)):
                t0 = time.perf_counter()
                fwd()
                ds.append((time.perf_counter() - t0) * 1e3)
            out[f"forward{rows}Ms"] = statistics.median(ds)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--scales", default="1,0.125")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    for s in [float(x) for x in args.scales.split(",")]:
        rows.append(dict(filterScale=s, batch=args.batch, **bench(s, args.batch, args.runs)))
    print(json.dumps(dict(torch=torch.__version__, python=platform.python_version(),
                          threads=torch.get_num_threads(), rows=rows)))


if __name__ == "__main__":
    main()
