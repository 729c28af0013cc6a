"""The exceptions raised while starting, checking and stopping local chains.

Every message is one line that says what to do (the start-up failures add the node's last log
lines below it).
"""

from __future__ import annotations

from ..errors import CollectiblesError


class ChainError(CollectiblesError):
    """The root of every error raised by ``bank_collectibles.chains``."""


class InvalidProfile(ChainError, ValueError):
    """A consortium profile setting is out of range (a programming error, hence also ValueError)."""


class UnsupportedFeature(ChainError):
    """The chosen chain cannot honour a profile setting or an operation (e.g. Ganache with gas price 0)."""


class ToolNotFound(ChainError):
    """A program the chain needs is not installed."""


class NodeJsNotFound(ToolNotFound):
    """``node`` is not on PATH (Ganache runs on Node.js)."""


class PackageNotInstalled(ToolNotFound):
    """The node's npm package is missing from ``node_modules``."""


class PortInUse(ChainError):
    """The fixed port asked for is taken by another process."""


class ChainStartError(ChainError):
    """The node exited or did not answer during start-up; the message ends with its last log lines."""


class ChainAlreadyRunning(ChainError):
    """A node already runs from this state directory (started here, detached, or by another process)."""


class ChainNotRunning(ChainError):
    """The operation needs a running node and there is none."""
