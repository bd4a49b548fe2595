"""Self time per operator in a Chrome trace written by libtorch's profiler (DJL's
JniUtils.stopProfile or torch.profiler's export_chrome_trace), largest first.
    python3 tools/benchmarks/summarize_trace.py TRACE.json [TOP]
"""
import collections
import json
import sys


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    data = json.load(open(path))
    events = data["traceEvents"] if isinstance(data, dict) else data
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e and e.get("cat", "cpu_op") in ("cpu_op", "Operator", "operator"):
            by_thread[e.get("tid")].append(e)
    self_time = collections.Counter()
    calls = collections.Counter()
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []
        for e in evs:
            start, end = float(e["ts"]), float(e["ts"]) + float(e["dur"])
            while stack and stack[-1][1] <= start:
                stack.pop()
            if stack:
                self_time[stack[-1][0]] -= float(e["dur"])
            self_time[e["name"]] += float(e["dur"])
            calls[e["name"]] += 1
            stack.append((e["name"], end))
    total = sum(self_time.values())
    print(f"total self time {total / 1e3:.1f} ms")
    for name, t in self_time.most_common(top):
        print(f"{t / 1e3:10.1f} ms {100 * t / total:5.1f}% {calls[name]:6d}  {name}")


if __name__ == "__main__":
    main()
