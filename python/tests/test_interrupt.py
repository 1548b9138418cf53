"""Ctrl-C stops a running simulation with KeyboardInterrupt (the GIL is released meanwhile)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

SCRIPT = """
import sys, threading, time
import chainsim
ticks = []
threading.Thread(target=lambda: [ticks.append(time.sleep(0.05)) for _ in range(1000)], daemon=True).start()
print("start", flush=True)
try:
    chainsim.simulate(sys.argv[1], runs=50_000_000, seed=1)
except KeyboardInterrupt:
    # Another Python thread ran while the engine worked: the GIL was released.
    print("interrupted", len(ticks) > 5, flush=True)
"""


def test_sigint_raises_keyboard_interrupt(root):
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(root / "scenarios/jilin-2030.toml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "start"
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    start = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.strip() == "interrupted True"
    # The engine stops after its current chunk of runs.
    assert time.monotonic() - start < 10
