#!/usr/bin/env python3
"""A toy measurement for the `process` provider.

Reads one architecture as JSON on stdin and prints its metrics as JSON on
stdout. A real script would build the network on a device and time it; this
one derives a deterministic "latency" from the network description so that
experiments using it are reproducible:

    toy_latency_ms  = 0.01 ms per million multiply-accumulates + 0.05 ms per layer
    layers          = number of layers that compute something

Anything on stderr is shown in the error message if the script fails.
"""
import json
import sys


def conv_macs(layer):
    size = layer["input_size"] // max(layer["stride"], 1)
    per_output = layer["kernel"] ** 2 * layer["in_channels"] // max(layer["groups"], 1)
    return size * size * layer["out_channels"] * per_output


def main():
    arch = json.load(sys.stdin)
    network = arch.get("network")
    if network is None:
        # No network description: fall back to the genes so the script still works.
        genes = arch["genes"]
        print(json.dumps({"toy_latency_ms": 0.1 * sum(genes) + 1.0, "layers": len(genes)}))
        return
    computing = [l for l in network["layers"] if l["op"] not in ("zero", "identity")]
    macs = sum(conv_macs(l) for l in computing if l["op"] in ("conv", "mbconv", "fully_connected"))
    latency = 0.01 * macs / 1e6 + 0.05 * len(computing)
    print(json.dumps({"toy_latency_ms": round(latency, 6), "layers": len(computing)}))


if __name__ == "__main__":
    main()
