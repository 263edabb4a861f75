"""Hold a database open for writing (after one batch) until killed; used by the lock and reader tests."""

import sys
import time

from factory import result

from dyadwatch.store import StoreWriter

with StoreWriter(sys.argv[1], snapshot_interval_s=0) as w:
    w.write_batch([result("held")], None)
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 60)
