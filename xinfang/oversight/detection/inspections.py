"""Detectors of the inspections part (细则第九条): a missed rectification demand of a finding."""
