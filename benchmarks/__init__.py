"""neopat's performance benchmarks, each timed side by side with its baseline in the same run.

Run ``python -m benchmarks [--quick] [--only NAME] [--json]`` (or ``neopat bench``). Ratios are the
pass/fail figures; absolute times are reported against the targets for information only.
"""
