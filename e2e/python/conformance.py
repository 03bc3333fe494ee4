"""Shared machinery of taonet's client conformance scripts: run named checks with a per-check timeout, print
one line per check (`PASS name (t s)`, `FAIL name: reason`, `PENDING name: reason`) and count them, so each
script can end with the `N passed, M failed` line the test suite reads.

A check listed in a script's PENDING set needs something taonet does not serve yet: when it fails it is
reported as PENDING and not counted as a failure; when it passes it counts as passed (and is flagged for
removal from PENDING).
"""

import json
import os
import signal
import time
import traceback


class CheckTimeout(Exception):
    pass


class Runner:
    """`pending`: the PENDING names, or a dict of name -> the known gap (printed with the failure).
    `timeout_s`: a per-check limit (SIGALRM), or None when the checks bound their own time."""

    def __init__(self, pending, timeout_s):
        self.pending_names = set(pending)
        self.gaps = dict(pending) if isinstance(pending, dict) else {}
        self.timeout_s = timeout_s
        self.passed = 0
        self.failed = 0
        self.pending = 0
        self.state = {}

    def _on_alarm(self, signum, frame):
        raise CheckTimeout(f"no answer within {self.timeout_s} s")

    def check(self, name, fn):
        """Runs `fn()`; it passes unless it raises (AssertionError carries the reason)."""
        if self.timeout_s:
            signal.signal(signal.SIGALRM, self._on_alarm)
            signal.alarm(self.timeout_s)
        started = time.monotonic()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, none aborts the run
            reason = f"{type(e).__name__}: {e}".replace("\n", " ")[:500]
            if name in self.pending_names:
                self.pending += 1
                gap = f" [known gap: {self.gaps[name]}]" if name in self.gaps else ""
                print(f"PENDING {name}: {reason}{gap}", flush=True)
            else:
                self.failed += 1
                print(f"FAIL {name}: {reason}", flush=True)
                if os.environ.get("TAONET_CONFORMANCE_TRACE"):
                    traceback.print_exc()
            return False
        finally:
            if self.timeout_s:
                signal.alarm(0)
        self.passed += 1
        note = " (listed in PENDING: remove it)" if name in self.pending_names else ""
        print(f"PASS {name} ({time.monotonic() - started:.2f} s){note}", flush=True)
        return True

    def skip_dependent(self, name, on):
        """A check that cannot run because `on` failed: failed, or pending if it is pending."""
        reason = f"not run: `{on}` failed"
        if name in self.pending_names:
            self.pending += 1
            print(f"PENDING {name}: {reason}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}: {reason}", flush=True)


def ensure(cond, message):
    if not cond:
        raise AssertionError(message)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
