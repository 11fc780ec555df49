"""A simulated rig: device behaviour from the knowledge, scenario files, and their traffic on MIDI ports.

    scenario = load_scenario("auto-channel")
    simulation = scenario.simulation()
    traffic = simulation.play(scenario.steps[0])      # what each observer saw, what sounded

See docs/simulator.md.
"""

from diag.sim.fixes import Fix, Rk004Action
from diag.sim.scenario import Scenario, load_scenario, read_scenario, scenario_names
from diag.sim.simulation import Simulation
from diag.sim.steps import Step
from diag.sim.wire import Sound, Tap

__all__ = ["Fix", "Rk004Action", "Scenario", "Simulation", "Sound", "Step", "Tap", "load_scenario",
           "read_scenario", "scenario_names"]
