"""Asking devices who they are (the Universal Identity Request) and naming the models that could answer so."""

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
from diag.midi.ports import match_port
from diag.midi.system import open_output_client, quiet_stderr

CLIENT_NAME = "midi-diag-identify"


@dataclass(frozen=True)
class IdentityAnswer:
    """A device that answered the Universal Identity Request, on one input port."""

    port: str
    reply: IdentityReply
    data: bytes = b""
    """The reply as received."""


@dataclass(frozen=True)
class BadReply:
    """A message that calls itself an Identity Reply but cannot be one, and why."""

    port: str
    data: bytes
    reason: str


@dataclass(frozen=True)
class Heard:
    """What came back after one Identity Request: the replies, and the broken ones."""

    answers: list[IdentityAnswer]
    bad: list[BadReply]


def ask_identities(api: str, inputs: list[str], outputs: list[str], wait: float) -> list[IdentityAnswer]:
    """Send the Identity Request on every output and collect the replies (blocking: run it in a worker)."""
    if not inputs:
        return []
    return listen_for_replies(api, inputs, lambda: _send_everywhere(api, outputs, identity_request()), wait).answers


def ask_one(api: str, in_fragment: str, out_fragment: str, wait: float) -> Heard:
    """Send the Identity Request on the one output `out_fragment` names; listen on `in_fragment` for `wait` s.

    A port argument that matches no port or several raises PortError before anything is sent.
    """
    client = open_output_client(api, CLIENT_NAME)
    try:
        with quiet_stderr():
            index = match_port(out_fragment, client.get_ports(), "output")
            client.open_port(index, "identify")
        return listen_for_replies(api, [in_fragment], lambda: client.send_message(identity_request()), wait)
    finally:
        with quiet_stderr():
            client.close_port()


def listen_for_replies(api: str, inputs: list[str], ask, wait: float) -> Heard:
    """Listen on `inputs`, call `ask()`, keep listening `wait` seconds; sort what came into replies and bad ones."""
    session = open_capture(api, inputs, step="identity")
    session.start()
    try:
        ask()
        time.sleep(wait)
    finally:
        events = session.stop()
    return sort_replies(events)


def sort_replies(events: list[MidiEvent]) -> Heard:
    """The well-formed Identity Replies among `events`, and those that only claim to be one."""
    answers, bad = [], []
    for event in events:
        try:
            reply = parse_identity_reply(event.data)
        except IdentityReplyError as error:
            bad.append(BadReply(event.port, bytes(event.data), str(error)))
            continue
        if reply is not None:
            answers.append(IdentityAnswer(event.port, reply, bytes(event.data)))
    return Heard(answers, bad)


def _send_everywhere(api: str, outputs: list[str], message: bytes) -> None:
    for index in range(len(outputs)):
        client = open_output_client(api, CLIENT_NAME)
        try:
            with quiet_stderr():
                client.open_port(index, "identify")
            client.send_message(message)
        finally:
            with quiet_stderr():
                client.close_port()


@dataclass(frozen=True)
class Candidate:
    """A model that could have sent a reply: by its identity codes, or only by its maker."""

    model: DeviceModel
    by: str
    """"codes" (family and member match the knowledge) or "maker" (the model's codes are not known)."""
    confidence: str
    """How sure the knowledge is of what matched: the codes' confidence, else the maker ID's."""


def candidates(reply: IdentityReply, port: str) -> list[Candidate]:
    """The models that could have sent `reply`, each with how it matched; narrowed by the port's name."""
    return [_candidate(model, reply) for model in models_answering(reply, port)]


def _candidate(model: DeviceModel, reply: IdentityReply) -> Candidate:
    identity = model.identity
    if _codes_match(model, reply) and identity.family is not None:
        return Candidate(model, "codes", str(identity.family.confidence))
    maker = identity.manufacturer_id
    return Candidate(model, "maker", str(maker.confidence) if maker is not None else "low")


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
    family = wire_code(reply.family) == _known(model.identity.family)
    member = wire_code(reply.member) == _known(model.identity.member)
    if _known(model.identity.family) is None:
        return None
    return family and (_known(model.identity.member) is None or member)


def _known(fact: Fact | None) -> str | None:
    return str(fact.value) if fact is not None and fact.known else None


def wire_code(code: int) -> str:
    """A 14-bit identity code as its two bytes on the wire, LSB first."""
    return f"{code & 0x7F:02X} {code >> 7:02X}"
