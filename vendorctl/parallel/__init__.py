"""Work shared between forked processes, each holding its share of the data; knows nothing of
the domain."""

from vendorctl.parallel.workers import Crew as HeldStates
from vendorctl.parallel.workers import can_fork
from vendorctl.parallel.workers import deal as split
from vendorctl.parallel.workers import fork_map as map_in_processes
from vendorctl.parallel.workers import jobs_for as process_count

__all__ = ["HeldStates", "can_fork", "map_in_processes", "process_count", "split"]
