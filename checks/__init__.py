"""The built-in diagnosis checks, registered as plugins like any third-party check."""
