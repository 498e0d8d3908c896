"""`make bench`'s summary: post-render throughput as a ratio of the plain copy measured in
the same criterion run, and the binary's peak memory on the same 100 MB stream as a ratio
of its size. Reports figures; the goals (>= 0.5x, <= 2x) are printed beside them."""

import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CRITERION = ROOT / "target" / "criterion" / "stream_100MB"
STREAM = ROOT / "target" / "bench-stream.yaml"
BIN = ROOT / "target" / "release" / "alertchart"


def mean_ns(name):
    return json.loads((CRITERION / name / "new" / "estimates.json").read_text())["mean"]["point_estimate"]


def main():
    size = STREAM.stat().st_size
    copy, post = mean_ns("copy"), mean_ns("post_render")
    ratio = copy / post
    print(f"stream: {size / 2**20:.1f} MiB")
    print(f"copy:        {copy / 1e6:8.1f} ms  {size / copy * 1e9 / 2**30:.2f} GiB/s")
    print(f"post_render: {post / 1e6:8.1f} ms  {size / post * 1e9 / 2**30:.2f} GiB/s")
    print(f"throughput ratio post_render/copy: {ratio:.2f}x (goal >= 0.5x)")

    with STREAM.open("rb") as stdin:
        r = subprocess.run([str(BIN), "post-render"], stdin=stdin, stdout=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit("post-render failed on the bench stream")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"peak RSS of alertchart post-render: {peak / 2**20:.1f} MiB = {peak / size:.2f}x the input (goal <= 2x)")


if __name__ == "__main__":
    main()
