"""Shared test support: builders, fixtures' helpers and interface snapshots."""
