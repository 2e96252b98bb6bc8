"""The petitioner's own portal (no staff sign-in): submit online, follow progress, rate the
handling, request a review."""
