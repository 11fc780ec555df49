"""The wizard's screens: each asks one thing and dismisses with the answer."""
