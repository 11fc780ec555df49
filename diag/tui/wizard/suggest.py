"""Devices to offer while building the rig: from the computer's port names and from identity replies."""

from __future__ import annotations

from dataclasses import dataclass

from diag.identity import IdentityAnswer, models_answering
from diag.identity import ask_identities as _ask_identities
from diag.knowledge import DeviceModel, all_models, find_models

IDENTITY_WAIT = 1.0
"""Seconds to listen for identity replies after asking every output."""


@dataclass(frozen=True)
class Suggestion:
    """A model to offer, the computer port it was seen on and why it is offered."""

    model: DeviceModel
    port: str
    reason: str


def ask_identities(api: str, inputs: list[str], outputs: list[str], wait: float = IDENTITY_WAIT) -> list[IdentityAnswer]:
    """Send the Identity Request on every output and collect the replies (blocking: run it in a worker)."""
    return _ask_identities(api, inputs, outputs, wait)


def suggestions(port_names: list[str], answers: list[IdentityAnswer], already: set[str]) -> list[Suggestion]:
    """Models to offer, identity answers first; none the rig has already, none twice."""
    found: list[Suggestion] = []
    for answer in answers:
        maker = answer.reply.manufacturer or answer.reply.manufacturer_id.hex(" ").upper()
        for model in models_answering(answer.reply, answer.port):
            found.append(Suggestion(model, answer.port, f"answered the identity request ({maker})"))
    for port in port_names:
        for model in find_models(port, by_maker=False):
            if model.kind != "computer":  # the computer is added with the first USB device
                found.append(Suggestion(model, port, "its name is on this computer port"))
    seen: set[str] = set(already)
    unique = []
    for suggestion in found:
        if suggestion.model.id not in seen:
            seen.add(suggestion.model.id)
            unique.append(suggestion)
    return unique


def search_models(text: str) -> list[DeviceModel]:
    """Models whose maker, name, id or aliases contain every word typed (any case)."""
    words = text.casefold().split()
    return [model for model in all_models() if all(word in _haystack(model) for word in words)]


def _haystack(model: DeviceModel) -> str:
    return " ".join((model.id, model.maker, model.name, model.kind, *model.aliases)).casefold()
