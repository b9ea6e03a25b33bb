"""What other parts of the product add to the stored reports: files of the coalition's monthly
report, and kinds of stored report of their own.

A higher or sibling app registers, at start-up, a function of the report's Period that yields
(file key, file name, content): the monthly build stores those files beside its own, and a
registered kind's build stores its files alone. The reports import nothing of the apps that
register.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

MonthlyFiles = Callable[..., Iterable[tuple[str, str, bytes]]]

MONTHLY_FILES: list[MonthlyFiles] = []


def register_monthly_files(make: MonthlyFiles) -> MonthlyFiles:
    if make not in MONTHLY_FILES:
        MONTHLY_FILES.append(make)
    return make


@dataclass(frozen=True)
class KindFiles:
    make: MonthlyFiles  # a function of the Period, as the monthly files are
    count: int  # how many files it yields: the build's progress
    page: str  # the URL name of the page that asks for it, where its page leads back


KIND_FILES: dict[str, KindFiles] = {}


def register_kind_files(kind: str, make: MonthlyFiles, *, count: int, page: str) -> None:
    KIND_FILES[kind] = KindFiles(make, count, page)
