"""PyTorch's learning-rate schedules, stepped once after each optimizer step, for the worker's schedule test.

Writes worker/src/test/resources/torch-schedules.csv: for each schedule (by lrsweep's label), budget and update t,
the rate PyTorch's scheduler gives update t of a run of that many steps at peak rate 0.37.
Run with Debian's PyTorch: /usr/bin/python3 bench/torch_schedules.py
"""
import csv
import sys
import warnings

import torch

warnings.filterwarnings("ignore")
PEAK = 0.37
BUDGETS = [1, 7, 100, 1000]


def linear(opt, start_factor, steps):
    return torch.optim.lr_scheduler.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=steps)


def warmup_steps(fraction, steps, budget):
    return steps if steps else max(1, round(fraction * budget))


def cosine(opt, budget, warm_steps=0, warm_fraction=0, start_factor=1 / 3, min_factor=0.0):
    w = warmup_steps(warm_fraction, warm_steps, budget) if (warm_steps or warm_fraction) else 0
    if w == 0:
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=budget, eta_min=PEAK * min_factor)
    if w >= budget:
        return linear(opt, start_factor, w)
    return torch.optim.lr_scheduler.SequentialLR(opt, [linear(opt, start_factor, w),
        torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=budget - w, eta_min=PEAK * min_factor)], milestones=[w])


SCHEDULES = {
    "constant": lambda opt, n: None,
    "warmup(steps=10)": lambda opt, n: linear(opt, 1 / 3, 10),
    "warmup(steps=2000, start_factor=0.01)": lambda opt, n: linear(opt, 0.01, 2000),
    "warmup(fraction=0.1, start_factor=0.05)": lambda opt, n: linear(opt, 0.05, warmup_steps(0.1, 0, n)),
    "cosine": lambda opt, n: cosine(opt, n),
    "cosine(min_factor=0.01)": lambda opt, n: cosine(opt, n, min_factor=0.01),
    "cosine(warmup_fraction=0.1, min_factor=0.01)": lambda opt, n: cosine(opt, n, warm_fraction=0.1, min_factor=0.01),
    "cosine(warmup_steps=5, warmup_start_factor=0.1)": lambda opt, n: cosine(opt, n, warm_steps=5, start_factor=0.1),
    "step(every=30, gamma=0.5)": lambda opt, n: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5),
    "step(every=3)": lambda opt, n: torch.optim.lr_scheduler.StepLR(opt, step_size=3),
    "one_cycle": lambda opt, n: torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=PEAK, total_steps=n,
                                                                    cycle_momentum=False),
    "one_cycle(pct_start=0.25, anneal=linear)": lambda opt, n: torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=PEAK, total_steps=n, pct_start=0.25, anneal_strategy="linear", cycle_momentum=False),
    "one_cycle(div_factor=10, final_div_factor=100)": lambda opt, n: torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=PEAK, total_steps=n, div_factor=10.0, final_div_factor=100.0, cycle_momentum=False),
}

writer = csv.writer(open(sys.argv[1] if len(sys.argv) > 1 else "worker/src/test/resources/torch-schedules.csv", "w"))
writer.writerow(["schedule", "budget", "step", "rate"])
for label, make in SCHEDULES.items():
    for budget in BUDGETS:
        parameter = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        opt = torch.optim.SGD([parameter], lr=PEAK)
        scheduler = make(opt, budget)
        for t in range(budget):
            writer.writerow([label, budget, t, repr(opt.param_groups[0]["lr"])])
            opt.step()
            if scheduler is not None:
                scheduler.step()
