"""Devices to offer while building the rig: from the computer's port names and from identity replies."""

from __future__ import annotations

import time
from dataclasses import dataclass

from diag.decode.universal import (
    IdentityReply,
    IdentityReplyError,
    identity_request,
    parse_identity_reply,
)
from diag.events import MidiEvent
from diag.knowledge import DeviceModel, Fact, all_models, find_models
from diag.midi.capture import open_capture
from diag.midi.system import open_output_client, quiet_stderr

IDENTITY_WAIT = 1.0
"""Seconds to listen for identity replies after asking every output."""


@dataclass(frozen=True)
class IdentityAnswer:
    """A device that answered the Universal Identity Request, on one input port."""

    port: str
    reply: IdentityReply


@dataclass(frozen=True)
class Suggestion:
    """A model to offer, the computer port it was seen on and why it is offered."""

    model: DeviceModel
    port: str
    reason: str


def ask_identities(api: str, inputs: list[str], outputs: list[str], wait: float = IDENTITY_WAIT) -> list[IdentityAnswer]:
    """Send the Identity Request on every output and collect the replies (blocking: run it in a worker)."""
    if not inputs:
        return []
    session = open_capture(api, inputs, step="identity")
    session.start()
    try:
        _send_everywhere(api, outputs, identity_request())
        time.sleep(wait)
    finally:
        events = session.stop()
    return [answer for event in events if (answer := _answer(event)) is not None]


def _send_everywhere(api: str, outputs: list[str], message: bytes) -> None:
    for index in range(len(outputs)):
        client = open_output_client(api, "midi-diag-identify")
        try:
            with quiet_stderr():
                client.open_port(index, "identify")
            client.send_message(message)
        finally:
            with quiet_stderr():
                client.close_port()


def _answer(event: MidiEvent) -> IdentityAnswer | None:
    try:
        reply = parse_identity_reply(event.data)
    except IdentityReplyError:
        return None
    return IdentityAnswer(event.port, reply) if reply is not None else None


def models_answering(reply: IdentityReply, port: str) -> list[DeviceModel]:
    """Models that could have sent this reply; narrowed by the port's name when that names one."""
    makers = [model for model in all_models() if _same_maker(model, reply)]
    exact = [model for model in makers if _codes_match(model, reply) is True]
    possible = exact or [model for model in makers if _codes_match(model, reply) is None]
    named = [model for model in find_models(port, by_maker=False) if model in possible]
    return named or possible


def _same_maker(model: DeviceModel, reply: IdentityReply) -> bool:
    fact = model.identity.manufacturer_id
    return fact is not None and fact.known and str(fact.value) == reply.manufacturer_id.hex(" ").upper()


def _codes_match(model: DeviceModel, reply: IdentityReply) -> bool | None:
    """True when family and member are known and equal, False when either is known and differs."""
    family = _wire(reply.family) == _known(model.identity.family)
    member = _wire(reply.member) == _known(model.identity.member)
    if _known(model.identity.family) is None:
        return None
    return family and (_known(model.identity.member) is None or member)


def _known(fact: Fact | None) -> str | None:
    return str(fact.value) if fact is not None and fact.known else None


def _wire(code: int) -> str:
    """A 14-bit identity code as its two bytes on the wire, LSB first."""
    return f"{code & 0x7F:02X} {code >> 7:02X}"


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
