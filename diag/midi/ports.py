"""Listing the MIDI ports of a system and finding one by a case-insensitive part of its name."""

from dataclasses import dataclass

from diag.errors import PortError
from diag.midi.system import open_input_client, open_output_client, quiet_stderr


@dataclass(frozen=True)
class PortListing:
    """The input and output ports one MIDI system reports."""

    api: str
    inputs: list[str]
    outputs: list[str]

    def as_dict(self) -> dict:
        return {"api": self.api, "inputs": self.inputs, "outputs": self.outputs}


def list_ports(api: str) -> PortListing:
    """Every input and output port the chosen MIDI system reports right now."""
    midi_in = open_input_client(api, "midi-diag-ports")
    midi_out = open_output_client(api, "midi-diag-ports")
    try:
        with quiet_stderr():
            return PortListing(api, midi_in.get_ports(), midi_out.get_ports())
    finally:
        midi_in.delete()
        midi_out.delete()


def match_port(fragment: str, names: list[str], direction: str) -> int:
    """The index of the one port whose name contains `fragment` (any case); exact names win."""
    wanted = fragment.casefold()
    exact = [i for i, name in enumerate(names) if name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    found = [i for i, name in enumerate(names) if wanted in name.casefold()]
    if len(found) == 1:
        return found[0]
    raise PortError(_no_single_match(fragment, names, direction, [names[i] for i in found]), names)


def _no_single_match(fragment: str, names: list[str], direction: str, found: list[str]) -> str:
    if found:
        return f"{direction} port '{fragment}' is ambiguous: it matches {_quoted(found)}"
    if not names:
        return f"no {direction} port matches '{fragment}': there are no {direction} ports"
    return f"no {direction} port matches '{fragment}'; {direction} ports: {_quoted(names)}"


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
