"""The example rigs (one per forum case, and healthy ones), shipped with the package; docs/examples links here."""
