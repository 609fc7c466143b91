"""Multi-worker concurrency and load harness (see harness.py); the
hand-run load test is run_load.py."""
