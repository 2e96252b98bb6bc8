"""Benchmarks of the heavy paths at archive scale, each next to raw SQL (see README.md).

Run with ``python -m benchmarks`` (``make bench``); never imported by the product.
"""
