"""PyTorch-eager baseline for BeamDiff's UNet benchmark (model/src/test/java/dev/beamdiff/nn/bench).

Runs the same network (tools/fixtures/unet_reference.py, config fmnist-small) and the same steps as
UNetBenchmark.java, on synthetic data, and prints one JSON line per measurement:
  train:  forward (train mode, dropout) -> eps-MSE loss -> backward -> clip_grad_norm_(1.0) -> AdamW
  sample: forward only (eval mode, no_grad)
Usage: python3 tools/benchmarks/unet_bench.py [--batch 64] [--threads 2] [--warmup 3] [--steps 10]
       [--repeats 3] [--mode train|sample|both] [--channels-last]
"""

import argparse
import json
import math
import pathlib
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "fixtures"))
from unet_reference import FMNIST_SMALL, UNet, parameter_count  # noqa: E402


def ddpm_alpha_bars(steps=1000):
    betas = torch.linspace(1e-4, 0.02, steps, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0).float()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--mode", default="both")
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--profile", help="write a Chrome trace of --steps steps of --mode to this file")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    cfg = FMNIST_SMALL
    model = UNet(cfg)
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    alpha_bars = ddpm_alpha_bars()
    x0 = (torch.rand(a.batch, cfg.in_channels, cfg.image_size, cfg.image_size) * 2 - 1).to(memory_format=fmt)
    labels = torch.randint(0, cfg.num_classes, (a.batch,))
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=0.01)
    info = {"framework": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "interop": torch.get_num_interop_threads(), "batch": a.batch, "parameters": parameter_count(model),
            "channels_last": a.channels_last}

    def train_step():
        t = torch.randint(0, 1000, (a.batch,))
        eps = torch.randn_like(x0)
        ab = alpha_bars[t].view(-1, 1, 1, 1)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
        pred = model(xt, t.float(), labels)
        loss = F.mse_loss(pred, eps)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss

    def sample_step():
        with torch.no_grad():
            t = torch.full((a.batch,), 500.0)
            return model(x0, t, labels)

    if a.profile:
        step = sample_step if a.mode == "sample" else train_step
        model.train(a.mode != "sample")
        for _ in range(a.warmup):
            step()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
            for _ in range(a.steps):
                step()
        prof.export_chrome_trace(a.profile)
        return

    modes = ["train", "sample"] if a.mode == "both" else [a.mode]
    for mode in modes:
        step = train_step if mode == "train" else sample_step
        model.train(mode == "train")
        for _ in range(a.warmup):
            step()
        rates, cpu_rates = [], []
        for _ in range(a.repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            for _ in range(a.steps):
                out = step()
            float(out.detach().sum())  # wait for the result
            rates.append(a.batch * a.steps / (time.perf_counter() - start))
            cpu_rates.append(a.batch * a.steps / (time.process_time() - cpu_start))
        print(json.dumps({**info, "mode": mode, "img_per_s_median": sorted(rates)[len(rates) // 2],
                          "img_per_s_all": [round(r, 1) for r in rates],
                          "img_per_cpu_s_median": sorted(cpu_rates)[len(cpu_rates) // 2],
                          "steps": a.steps}), flush=True)


if __name__ == "__main__":
    main()
