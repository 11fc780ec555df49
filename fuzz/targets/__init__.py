"""One module per reader of outside data, each with TestOneInput(data); `python -m fuzz.targets.<name>` fuzzes it."""

TARGETS = (
    "capture_jsonl",
    "capture_smf",
    "capture_syx",
    "rig",
    "scenario",
    "rk004_response",
    "identity_reply",
    "rk004_backup",
    "stream",
    "wizard_session",
    "diagnose",
)
"""Every target, in the order scripts/fuzz runs them."""
