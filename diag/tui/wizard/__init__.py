"""The troubleshooting wizard: what is wrong, the rig, listening steps, findings, fixes and the check after."""
