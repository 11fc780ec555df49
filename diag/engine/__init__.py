"""The diagnosis engine: evidence from the rig and the wire, check plugins, and their findings."""
