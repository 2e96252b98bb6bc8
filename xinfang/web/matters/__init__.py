"""Pages of petition matters (issue 5): registration, routing, the queue, the steps, lookup."""
