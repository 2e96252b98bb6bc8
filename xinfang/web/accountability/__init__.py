"""Pages of the accountability workflow (细则第十七条): leads, cases, recommendations, decisions."""
