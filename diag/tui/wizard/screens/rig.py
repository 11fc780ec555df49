"""Your rig: the devices, their settings (with where each value comes from), the cables and computer ports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from diag.errors import DiagError
from diag.knowledge import DeviceModel, find_models
from diag.rig import Rig, load_rig
from diag.tui.format import fit
from diag.tui.wizard.rigdraft import RigDraft, from_rig
from diag.tui.wizard.rigedit import apply_edit, edit_for
from diag.tui.wizard.rigview import (
    observed_ports,
    sees_choices,
    setting_rows,
    show_value,
    source_words,
    wiring_lines,
)
from diag.tui.wizard.screens.base import StageLine, WizardScreen
from diag.tui.wizard.screens.dialogs import ConfirmScreen, PathScreen
from diag.tui.wizard.screens.rigdialogs import (
    FORGET,
    CableDialog,
    DevicePicker,
    PortsDialog,
    SettingDialog,
    Surroundings,
)
from diag.tui.wizard.suggest import Suggestion

SENDING, RECEIVING = ("out", "both", "configurable"), ("in", "both", "configurable")
LABEL_WIDTH, VALUE_WIDTH = 22, 12
"""Setting names and values are shortened (with ~) to these widths so the table fits 80 columns."""
FIELD_HELP = {"@version": "OS version, as the device shows it: known firmware bugs are looked up by it.",
              "@firmware": "The program the cable runs (the RK-002's DUY firmwares).",
              "@power": "Where it gets its power: a MIDI-powered cable needs a jack that supplies it."}


class RigScreen(WizardScreen[RigDraft | None]):
    """Builds the rig; n goes on once it loads as a rig file would (or with no devices: traffic only)."""

    DEFAULT_CSS = """
    RigScreen #rigbody { height: 3fr; }
    RigScreen #devices { width: 20; height: 1fr; border: round $primary; }
    RigScreen #settings { height: 1fr; border: round $primary; }
    RigScreen #where { height: 2; color: $text-muted; }
    RigScreen #wiring { height: 1fr; min-height: 4; max-height: 10; border: none; }
    RigScreen #status { height: 1; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next"),
        Binding("a", "add", "Add device"),
        Binding("x", "remove", "Remove", show=False),
        Binding("c", "cable", "Cable", show=False),
        Binding("o", "ports", "Ports", show=False),
        Binding("l", "load", "Load", show=False),
        Binding("s", "save", "Save", show=False),
    ]

    def __init__(self, draft: RigDraft, look_around: Callable[[bool], Surroundings]) -> None:
        super().__init__()
        self.draft = draft
        self.look_around = look_around
        self.rig: Rig | None = None
        self.problem = ""
        self.menus: dict[str, str] = {}
        """Row key -> where the setting is on the device, for the line under the table."""

    def compose(self) -> ComposeResult:
        yield StageLine(1)
        with Vertical(id="frame"):
            yield Static("Your rig: what is plugged into what", classes="question")
            yield Static("a add · x remove · enter change · c cable · o ports · l load · s save · n next",
                         classes="hint")
            with Horizontal(id="rigbody"):
                yield OptionList(id="devices")
                with Vertical():
                    yield DataTable(id="settings", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="where", markup=False)
            yield OptionList(id="wiring")
            yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#settings", DataTable)
        table.add_columns("setting", "value", "from")
        self.query_one("#devices", OptionList).border_title = "devices"
        table.border_title = "settings"
        self.refresh_rig()
        self.query_one("#devices", OptionList).focus()

    # Drawing -------------------------------------------------------------------

    def refresh_rig(self, select: str | None = None) -> None:
        """Load the draft as a rig file and redraw; a problem shows on the status line."""
        self.rig, self.problem = _built(self.draft)
        devices = self.query_one("#devices", OptionList)
        keep = select or self.selected_device
        devices.set_options(self._device_options())
        names = [device.name for device in self.draft.devices]
        if names:
            devices.highlighted = names.index(keep) if keep in names else 0
        self.show_wiring()
        self.show_settings()
        self.show_status()

    def _device_options(self) -> Iterable[Option]:
        for device in self.draft.devices:
            self.rig.devices.get(device.name) if self.rig else None
            yield Option(device.name, id=device.name)

    @property
    def selected_device(self) -> str | None:
        devices = self.query_one("#devices", OptionList)
        index = devices.highlighted
        return self.draft.devices[index].name if index is not None and index < len(self.draft.devices) else None

    def show_settings(self) -> None:
        table = self.query_one("#settings", DataTable)
        table.clear()
        name = self.selected_device
        if self.rig is None or name is None or name not in self.rig.devices:
            return
        device = self.rig.devices[name]
        table.border_title = f"{name}: {device.model.title}"
        add = _literal_row(table)
        add("OS version", device.version or "not said", _said(device.version), key="@version")
        if device.model.firmwares:
            add("firmware", device.firmware or "not said", _said(device.firmware), key="@firmware")
        add("power", device.power or "not said", _said(device.power), key="@power")
        self.menus = dict(FIELD_HELP)
        for row in setting_rows(device):
            add(fit(row.label, LABEL_WIDTH), fit(row.value, VALUE_WIDTH), source_words(row), key=row.name)
            self.menus[row.name] = f"{row.label}: {row.menu}"

    def show_wiring(self) -> None:
        wiring = self.query_one("#wiring", OptionList)
        lines = wiring_lines(self.rig) if self.rig else []
        empty = "no cables and no computer ports yet: c adds a cable, o says what the computer's ports show"
        wiring.set_options([Text(line) for line in lines] or [empty])

    def show_status(self, note: str = "") -> None:
        if note:
            text = note
        elif self.problem:
            text = f"✗ {self.problem}"
        elif not self.draft.devices:
            text = "No devices yet: a adds one. Or n to listen without a rig (the wire only)."
        elif self.rig is not None and not self.rig.observers:
            text = "! Say which computer port shows which device (o) so the wizard can listen."
        else:
            text = "✓ The rig loads. n: go on to listening."
        self.query_one("#status", Static).update(text)

    @on(OptionList.OptionHighlighted, "#devices")
    def device_highlighted(self) -> None:
        self.show_settings()

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        self.query_one("#where", Static).update(self.menus.get(key or "", ""))

    # Editing -------------------------------------------------------------------

    @on(DataTable.RowSelected)
    @work(group="wizard-rig", name="change a setting")
    async def edit_setting(self, event: DataTable.RowSelected) -> None:
        name, key = self.selected_device, event.row_key.value
        if self.rig is None or name is None or key is None:
            return
        answer = await self.app.push_screen_wait(SettingDialog(edit_for(self.rig.devices[name], key)))
        if answer is not None:
            draft = self.draft.device(name)
            assert draft is not None
            apply_edit(draft, key, None if answer is FORGET else answer)
            self.refresh_rig(name)
            self.show_status(f"{name}: {key.lstrip('@')} = {show_value(answer) if answer is not FORGET else 'default'}"
                             if not self.problem else "")

    @work(group="wizard-rig", name="add a device")
    async def action_add(self) -> None:
        in_rig = {device.model for device in self.draft.devices}
        choice = await self.app.push_screen_wait(DevicePicker(self.look_around, in_rig))
        if choice is not None:
            self.refresh_rig(self.add(choice))

    def add(self, choice: Suggestion | DeviceModel) -> str:
        model = choice.model if isinstance(choice, Suggestion) else choice
        device = self.draft.add_device(model)
        if isinstance(choice, Suggestion) and "usb" in model.ports and model in find_models(choice.port, False):
            self.draft.plug_usb(device.name, choice.port)
        return device.name

    @work(group="wizard-rig", name="remove from the rig")
    async def action_remove(self) -> None:
        if self.focused is self.query_one("#wiring", OptionList):
            self.remove_wiring()
            return
        name = self.selected_device
        if name is None:
            return
        question = ConfirmScreen(f"Take {name} out of the rig?", "Its cables and computer ports go too.")
        remove: bool = await self.app.push_screen_wait(question)
        if remove:
            self.draft.remove_device(name)
            self.refresh_rig()

    def remove_wiring(self) -> None:
        index = self.query_one("#wiring", OptionList).highlighted
        cables = len(self.draft.connections)
        if index is None or self.rig is None or not wiring_lines(self.rig):
            return
        if index < cables:
            del self.draft.connections[index]
        elif index - cables < len(self.draft.observers):
            del self.draft.observers[index - cables]
        self.refresh_rig()

    @work(group="wizard-rig", name="add a cable")
    async def action_cable(self) -> None:
        if self.rig is None:
            self.show_status("✗ Mend the rig first: " + self.problem)
            return
        senders, receivers = _ports(self.rig, SENDING), _ports(self.rig, RECEIVING)
        cables = [name for name, device in self.rig.devices.items() if device.kind == "cable"]
        cable = await self.app.push_screen_wait(CableDialog(senders, receivers, cables))
        if cable is not None:
            self.draft.connections.append(cable)
            self.refresh_rig()
            if self.problem:
                self.draft.connections.pop()
                problem = self.problem
                self.refresh_rig()
                self.show_status(f"✗ Not added: {problem}")

    @work(group="wizard-rig", name="say what the computer's ports show")
    async def action_ports(self) -> None:
        if self.rig is None:
            self.show_status("✗ Mend the rig first: " + self.problem)
            return
        seen = await self.app.run_worker(lambda: self.look_around(False), thread=True, group="look-around",
                                         name="look at the computer's ports", exit_on_error=False).wait()
        ports, current = observed_ports(self.rig, seen.inputs)
        answers = await self.app.push_screen_wait(PortsDialog(ports, sees_choices(self.rig), current))
        if answers is not None:
            self.draft.observers = [(port, sees) for port, sees in answers.items() if sees]
            self.refresh_rig()

    # Files ---------------------------------------------------------------------

    @work(group="wizard-rig", name="load a rig file")
    async def action_load(self) -> None:
        path = await self.app.push_screen_wait(PathScreen("Load a rig file", "rig.toml", _must_exist))
        if path is not None:
            self.read_rig(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rig-file", name="load the rig file")
    def read_rig(self, path: Path) -> None:
        try:
            rig = load_rig(path)
        except DiagError as error:
            self.app.call_from_thread(self.show_status, f"✗ {error}")
            return
        self.app.call_from_thread(self.loaded, rig, path)

    def loaded(self, rig: Rig, path: Path) -> None:
        self.draft = from_rig(rig)
        self.refresh_rig()
        self.show_status(f"✓ Loaded {path.resolve()}")

    @work(group="wizard-rig", name="save the rig file")
    async def action_save(self) -> None:
        default = f"{_file_name(self.draft.name)}.toml"
        path = await self.app.push_screen_wait(PathScreen("Save the rig file as", default, _toml_name))
        if path is not None:
            self.write_rig(path, self.draft.to_toml())

    @work(thread=True, exclusive=True, exit_on_error=False, group="rig-file", name="save the rig file")
    def write_rig(self, path: Path, text: str) -> None:
        try:
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as error:
            self.app.call_from_thread(self.show_status, f"✗ Cannot write {path}: {error.strerror or error}")
            return
        self.app.call_from_thread(self.show_status, f"✓ Saved to {path.resolve()}")

    # Going on ------------------------------------------------------------------

    def action_next(self) -> None:
        if self.problem:
            self.show_status(f"✗ {self.problem}")
        elif self.draft.devices and self.rig is not None and not self.rig.observers:
            self.show_status("✗ Listening needs a computer port in the rig: press o and say what a port shows.")
        else:
            self.dismiss(self.draft)

    def own_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Add a device", "Search the knowledge, or pick one seen on the computer (a)",
                            self.action_add)
        yield SystemCommand("Add a cable", "From a sending port to a receiving one (c)", self.action_cable)
        yield SystemCommand("Computer ports", "Say which device each of the computer's ports shows (o)",
                            self.action_ports)
        yield SystemCommand("Load a rig file", "Replace this rig with one from a file (l)", self.action_load)
        yield SystemCommand("Save the rig file", "Write this rig as a .toml file (s)", self.action_save)
        yield SystemCommand("Next: listen", "Go on to the listening steps (n)", self.action_next)


def _built(draft: RigDraft) -> tuple[Rig | None, str]:
    if not draft.devices:
        return None, ""
    try:
        return draft.build(), ""
    except DiagError as error:
        return None, str(error).removeprefix("<the wizard's rig>:")


def _ports(rig: Rig, directions: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for device in rig.devices.values():
        for port_id, port in device.model.ports.items():
            if port.direction in directions and port.kind not in ("audio", "sync"):
                found.append((f"{device.name}.{port_id}", f"{device.name} {port.label}"))
    return found


def _must_exist(path: Path) -> str | None:
    return None if path.is_file() else f"no file {path}"


def _toml_name(path: Path) -> str | None:
    return None if path.suffix.lower() == ".toml" else "the name must end in .toml"


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name.casefold()).strip("-") or "rig"


def _literal_row(table: DataTable) -> Callable[..., object]:
    """add_row for text typed by people: a DataTable reads plain strings as markup, so wrap each cell."""
    return lambda *cells, key: table.add_row(*(Text(cell) for cell in cells), key=key)


def _said(value: str | None) -> str:
    return "you said" if value else "-"
