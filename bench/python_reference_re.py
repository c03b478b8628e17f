#!/usr/bin/env python3
"""Regularized evolution on NAS-Bench-201 tables in plain Python: the leanest
loop a Python user would write (standard library only, dictionary lookups),
for a side-by-side speed comparison with `bench_search_throughput`.

Same problem as the C++ benchmark: maximise CIFAR-10 test accuracy with
Pixel 3 latency <= 5 ms, population 50, sample size 10, one mutated child per
step, oldest removed. Prints evaluations per second.

    python3 bench/python_reference_re.py [runs] [budget] [data_dir]
"""
import csv
import os
import random
import sys
import time

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def arch_string(genes):
    o = [OPS[g] for g in genes]
    return "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*o)


def load_tables(data_dir):
    accuracy = {}
    with open(os.path.join(data_dir, "nas-bench-201", "accuracy.csv")) as f:
        for row in csv.DictReader(f):
            accuracy[row["arch_str"]] = float(row["cifar10.test_acc"])
    latency = {}
    with open(os.path.join(data_dir, "hw-nas-bench", "nb201.csv")) as f:
        for row in csv.DictReader(f):
            latency[row["arch_str"]] = float(row["cifar10.pixel3_latency"])
    # One dictionary keyed by the genes tuple: the fastest lookup a user would write.
    table = {}
    for a in range(5 ** 6):
        genes = tuple((a // 5 ** (5 - i)) % 5 for i in range(6))
        s = arch_string(genes)
        table[genes] = (accuracy[s], latency[s])
    return table


def regularized_evolution(table, budget, rng, population=50, sample_size=10, bound=5.0):
    members = []  # (violation, fitness, genes), oldest first
    best = None
    for step in range(budget):
        if len(members) < population:
            genes = tuple(rng.randrange(5) for _ in range(6))
        else:
            parent = max((members[rng.randrange(len(members))] for _ in range(sample_size)),
                         key=lambda m: (-m[0], m[1]))
            child = list(parent[2])
            i = rng.randrange(6)
            child[i] = (child[i] + 1 + rng.randrange(4)) % 5
            genes = tuple(child)
        acc, lat = table[genes]
        violation = max(0.0, (lat - bound) / bound)
        member = (violation, acc, genes)
        if violation == 0.0 and (best is None or acc > best[1]):
            best = member
        members.append(member)
        if len(members) > population:
            members.pop(0)
    return best


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    budget = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    here = os.path.dirname(os.path.abspath(__file__))
    data_dir = sys.argv[3] if len(sys.argv) > 3 else os.environ.get(
        "HWNAS_DATA_DIR", os.path.join(here, "..", "..", "shared", "data"))
    table = load_tables(data_dir)
    start = time.perf_counter()
    total = 0.0
    for seed in range(runs):
        best = regularized_evolution(table, budget, random.Random(seed))
        total += best[1] if best else 0.0
    seconds = time.perf_counter() - start
    evaluations = runs * budget
    print(f"python RE: {runs} runs x {budget} evaluations = {evaluations} evaluations in {seconds:.3f} s")
    print(f"{evaluations / seconds / 1e6:.3f} million evaluations/s; mean best feasible test_acc {total / runs:.4f} %")


if __name__ == "__main__":
    main()
