"""Statistics of petition work (volumes, on-time rates, repeat and collective shares, review
and overturn rates, satisfaction) for an organ's subtree and a period. Reads only: no models of
its own beyond what snapshots need; every figure comes with the filter of its matters."""
