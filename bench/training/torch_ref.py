"""PyTorch reference for the training benchmark (bench/training/run.ts runs it with /usr/bin/python3).

The same three workloads as bench/training/netsketch.ts (W1 MLP, W2 LeNet-5, W3 small CNN), one SGD training step
each on a fixed random batch. Usage: torch_ref.py <threads> <seconds-per-cell> <rounds> [W1,W2,W3]
Prints one JSON line: {"torch": version, "threads": n, "results": {"W1": [steps/s per round], ...}}.
Or: torch_ref.py serve <threads> — cells on request, one per stdin line (see serve()).
"""
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as e:  # the bench is not a test: say so and stop
    print(json.dumps({"error": f"PyTorch is not importable here: {e}"}))
    sys.exit(0)


def build(wid):
    if wid == "W1":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)), (64, 784)
    if wid == "W2":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        ), (64, 1, 28, 28)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(4096, 128), nn.ReLU(), nn.Linear(128, 10),
    ), (32, 3, 32, 32)


def make_step(wid):
    """One SGD training step of a workload on a fixed random batch, warmed up (3 steps); returns the step function."""
    model, shape = build(wid)
    x = torch.randn(*shape)
    y = torch.randint(0, 10, (shape[0],))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    return step


def serve(threads):
    """Interleaving mode: build the models, print {"ready": ...}, then for each stdin line "<id> <seconds>" run that
    workload for that long and print {"id": ..., "sps": steps/s}; the bench interleaves these cells with its own."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    steps = {}
    for wid in ["W1", "W2", "W3"]:
        steps[wid] = make_step(wid)
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": threads}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        wid, seconds = parts[0], float(parts[1])
        n = 0
        t0 = time.perf_counter()
        while True:
            steps[wid]()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= seconds:
                break
        print(json.dumps({"id": wid, "sps": n / dt}), flush=True)


def main():
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
        return
    threads = int(sys.argv[1])
    seconds = float(sys.argv[2])
    rounds = int(sys.argv[3])
    which = sys.argv[4].split(",") if len(sys.argv) > 4 else ["W1", "W2", "W3"]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    steps = {}
    for wid in which:
        steps[wid] = make_step(wid)
    results = {wid: [] for wid in which}
    for _ in range(rounds):  # interleaved like the TS side
        for wid in which:
            n = 0
            t0 = time.perf_counter()
            while True:
                steps[wid]()
                n += 1
                dt = time.perf_counter() - t0
                if dt >= seconds:
                    break
            results[wid].append(n / dt)
    print(json.dumps({"torch": torch.__version__, "threads": threads, "results": results}))


main()
