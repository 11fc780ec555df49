"""The RK-004 screen: parameters with value names, validated edits, a diff, verified writes, backup and restore."""
