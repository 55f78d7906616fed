"""Work shared between forked processes, each holding its share of the data; knows no domain."""

from vendorctl.parallel.count import can_fork, cpus, process_count, split
from vendorctl.parallel.held import HeldStates, map_in_processes

__all__ = ["HeldStates", "can_fork", "cpus", "map_in_processes", "process_count", "split"]
