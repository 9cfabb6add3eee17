//! Shared helpers for bole benchmarks.
