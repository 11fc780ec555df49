"""Every command and option the contract names exists on the command line (one was missing once)."""

import pytest

from diag.cli import build_parser

CONTRACT = [
    "demo --list", "demo --headless", "monitor --in P --headless --seconds 1", "ports --json",
    "capture --in P --in Q --seconds 1 -o f.jsonl --step keys",
    "diagnose --rig r.toml --capture f.jsonl --listen P --seconds 1 --step keys --format json -o out.json",
    "checks --json", "identify --in P --out Q --timeout 1 --json", "simulate auto-channel --api jack",
    "rk004 dump --in P --out Q --timeout 1 --json", "rk004 set A=1 B=2 --commit --dry-run",
    "rk004 get A B --in P --out Q", "rk004 commit --in P --out Q", "rk004 reset --yes --in P --out Q",
    "rk004 backup f.json --in P --out Q", "rk004 restore f.json --in P --out Q",
]


@pytest.mark.parametrize("line", CONTRACT)
def test_the_contract_command_line_parses(line):
    args = build_parser().parse_args(line.split())
    assert args.handler.startswith("diag.commands.")


@pytest.mark.parametrize("line", [line for line in CONTRACT if not line.startswith(("checks", "demo", "simulate"))
                                  and "--dry-run" not in line])
def test_every_command_that_opens_ports_takes_api(line):
    args = build_parser().parse_args([*line.split(), "--api", "JACK"])
    assert args.api == "jack"
