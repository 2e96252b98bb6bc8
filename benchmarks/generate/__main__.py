"""``python -m benchmarks.generate``: how alike the generated texts come out."""

from .calibrate import calibrate

for name, value in calibrate().items():
    print(f"{name:32} {value:.4f}")
