//! Synthetic corpus (placeholder until generator lands).
