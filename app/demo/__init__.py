"""Synthetic demo data for akutbro (invented people, calls and notes; never real data)."""
