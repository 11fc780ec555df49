"""Coverage-guided fuzzing of every reader of outside data (docs/fuzzing.md)."""
