"""`midi-diag ports`: the input and output ports of the chosen MIDI system."""

import argparse
import json

from diag.errors import ExitCode
from diag.midi.apis import choose_api
from diag.midi.ports import PortListing, list_ports


def run(args: argparse.Namespace) -> int:
    listing = list_ports(choose_api(args.api))
    print(json.dumps(listing.as_dict(), indent=2, ensure_ascii=False) if args.json else as_text(listing))
    return ExitCode.OK


def as_text(listing: PortListing) -> str:
    """Two short sections a person can read; names are shown exactly as --in/--out match them."""
    lines = [f"MIDI system: {listing.api}"]
    for title, names in (("Inputs", listing.inputs), ("Outputs", listing.outputs)):
        lines.append(f"{title} ({len(names)}):")
        lines.extend(f"  {name}" for name in names) if names else lines.append("  (none)")
    return "\n".join(lines)
