"""Files other parts of the product add to the coalition's monthly report.

A higher or sibling app registers, at start-up, a function of the month's Period that yields
(file key, file name, content); the monthly build stores those files beside its own. The reports
import nothing of the apps that register.
"""

from collections.abc import Callable, Iterable

MonthlyFiles = Callable[..., Iterable[tuple[str, str, bytes]]]

MONTHLY_FILES: list[MonthlyFiles] = []


def register_monthly_files(make: MonthlyFiles) -> MonthlyFiles:
    if make not in MONTHLY_FILES:
        MONTHLY_FILES.append(make)
    return make
