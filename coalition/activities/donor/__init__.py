"""The report for donors and government: the coalition's activities and the people they reached,
by province, quarter, type, topic and participant group, beside the case figures of the period.

Counts come from grouped queries. Participants of public events are not survivors and are shown
as counted; survivors taking part are counted people the secretariat must not expose, so their
counts below settings.SMALL_CELL_THRESHOLD are hidden with the reports' own suppression rule,
complementary cells and the grand totals shared between tables included.
"""

from .figures import DonorReport, build_donor_report, quarter_period

__all__ = ["DonorReport", "build_donor_report", "quarter_period"]
