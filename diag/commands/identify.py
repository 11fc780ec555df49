"""`midi-diag identify`: send the Universal Identity Request and say who answered."""

from __future__ import annotations

import argparse
import json
from typing import Any

from diag.decode.universal import identity_request
from diag.errors import ExitCode, NoAnswerError
from diag.identity import BadReply, Candidate, Heard, IdentityAnswer, ask_one, candidates, wire_code
from diag.midi.apis import choose_api


def run(args: argparse.Namespace) -> int:
    heard = ask_one(choose_api(args.api), args.in_port, args.out_port, args.timeout)
    print(json.dumps(as_json(heard, args), indent=2, ensure_ascii=False) if args.json else as_text(heard))
    if not heard.answers:
        raise NoAnswerError(_silence(heard, args))
    return ExitCode.OK


def _silence(heard: Heard, args: argparse.Namespace) -> str:
    broken = f"; {len(heard.bad)} broken identity replies came" if heard.bad else ""
    return (f"no device answered the Identity Request sent to '{args.out_port}' within {args.timeout:g} s "
            f"(listening on '{args.in_port}'){broken}. Is the device's MIDI out (or USB) connected back to "
            "that input, and does it answer identity requests?")


def as_text(heard: Heard) -> str:
    """One block per reply: who, the codes as sent, the models that fit; then broken replies."""
    lines: list[str] = []
    for answer in heard.answers:
        lines += _answer_lines(answer)
    for bad in heard.bad:
        lines.append(f"'{bad.port}': a broken Identity Reply ({bad.reason}): {bad.data.hex(' ').upper()}")
    return "\n".join(lines) if lines else "No answer."


def _answer_lines(answer: IdentityAnswer) -> list[str]:
    reply = answer.reply
    maker_id = reply.manufacturer_id.hex(" ").upper()
    maker = f"{reply.manufacturer} ({maker_id})" if reply.manufacturer else f"an unknown maker ({maker_id})"
    return [f"'{answer.port}': {maker}",
            f"  family {wire_code(reply.family)}, member {wire_code(reply.member)}, "
            f"version {reply.revision.hex(' ').upper()}, device id {reply.device_id:02X}",
            f"  {_fits(candidates(reply, answer.port))}"]


def _fits(found: list[Candidate]) -> str:
    """Which models these codes name, and how sure that is; or why only the maker is known."""
    by_codes = [candidate for candidate in found if candidate.by == "codes"]
    if by_codes:
        return "this is: " + ", ".join(f"{c.model.title} (codes {c.confidence} in midi-diag's knowledge)"
                                       for c in by_codes)
    if found:
        return ("its maker's models midi-diag knows, whose identity codes it does not know: "
                + ", ".join(candidate.model.title for candidate in found))
    return "no model midi-diag knows"


def as_json(heard: Heard, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "request": identity_request().hex(" ").upper(), "out": args.out_port, "in": args.in_port,
        "timeout": args.timeout, "replies": [_answer_dict(answer) for answer in heard.answers],
        "broken": [_bad_dict(bad) for bad in heard.bad],
    }


def _answer_dict(answer: IdentityAnswer) -> dict[str, Any]:
    reply = answer.reply
    return {
        "port": answer.port, "data": answer.data.hex(" ").upper(), "device_id": reply.device_id,
        "manufacturer_id": reply.manufacturer_id.hex(" ").upper(), "manufacturer": reply.manufacturer,
        "family": wire_code(reply.family), "member": wire_code(reply.member),
        "revision": reply.revision.hex(" ").upper(),
        "models": [{"id": c.model.id, "name": c.model.title, "by": c.by, "confidence": c.confidence}
                   for c in candidates(reply, answer.port)],
    }


def _bad_dict(bad: BadReply) -> dict[str, Any]:
    return {"port": bad.port, "data": bad.data.hex(" ").upper(), "reason": bad.reason}
