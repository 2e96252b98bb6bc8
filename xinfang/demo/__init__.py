"""Demo data: a small city's registry, logins, petitioners, matters and accountability cases.

`xinfang demo` loads it. The product never imports this package (an import-linter contract
keeps it so); only its own commands, the tests and the benchmarks do.
"""
