"""Write the crash-test batches with a pause between them (the test kills this process)."""

import os
import signal
import sys
import time

from factory import synthetic

from dyadwatch.store import StoreWriter

BATCHES = 6
BATCH = 40


def batches() -> list:
    results = synthetic(BATCHES * BATCH, seed=11, syndicate=0.3)
    # a later version of an earlier URL, to exercise replacement across batches
    results[BATCH * 3 + 1].article.url = results[2].article.url
    return [results[i : i + BATCH] for i in range(0, len(results), BATCH)]


def die_at(batch: int, where: str) -> None:
    """Make this process SIGKILL itself inside batch ``batch``'s transaction or its snapshot copy."""
    from dyadwatch.store import writer

    seen = {"n": 0}
    real_build, real_snapshot = writer.build_tables, writer.StoreWriter.publish_snapshot

    def build(results, run_id):  # type: ignore[no-untyped-def]
        seen["n"] += 1
        tables = real_build(results, run_id)
        if where == "transaction" and seen["n"] == batch:
            os.kill(os.getpid(), signal.SIGKILL)
        return tables

    def snapshot(self):  # type: ignore[no-untyped-def]
        if where == "snapshot" and seen["n"] == batch:
            self.con.execute(f"ATTACH '{writer.snapshot_path(self.path)}.tmp-{os.getpid()}' AS doomed")
            os.kill(os.getpid(), signal.SIGKILL)
        return real_snapshot(self)

    writer.build_tables = build  # type: ignore[assignment]
    writer.StoreWriter.publish_snapshot = snapshot  # type: ignore[method-assign]


if __name__ == "__main__":
    pause = float(sys.argv[2])
    if len(sys.argv) > 4:
        die_at(int(sys.argv[3]), sys.argv[4])
    with StoreWriter(sys.argv[1], snapshot_interval_s=0, wait_s=30) as w:
        run = w.start_run({"crash": True})
        for i, b in enumerate(batches(), 1):
            w.write_batch(b, run)
            print(f"committed {i}", flush=True)
            time.sleep(pause)
        w.finish_run(run)
    print("done", flush=True)
