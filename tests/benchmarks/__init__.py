"""Issue 6's benchmark suite: `python -m tests.benchmarks [--quick]` (or `make bench`).

builds.py runs `portal build` and the bare engine as users do (measure.py: wall, CPU, peak memory
of the process tree); synth.py makes the scale projects; emails.py times the kit's emails in one
process; sections.py puts each measurement together; report.py prints the table and the JSON.
edit_to_preview.py (the live preview's probe) also runs on its own.
"""
