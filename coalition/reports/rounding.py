"""Why two reports cannot be subtracted to find a person: a fixed family of periods, and rounding.

Suppression alone cannot stop differencing. Suppression is decided one report at a time, so two
reports whose people overlap can each be safe while their difference is not: January-February
minus January is February, exactly, even when February alone would show "<k". So a report's
figures are protected twice:

1. A fixed family of reports. A report covers a calendar month, a calendar quarter or a calendar
   year (of a bounded range of years), of one province of origin or of all (forms.py,
   `Period.is_standard`). No arbitrary days: "1 to 31 January" minus "1 to 30 January" cannot be
   asked for. What is left to subtract is a month from its quarter or year, a quarter from its
   year, a province from all provinces. A CTDC dataset, one row per person, cannot be rounded:
   it covers a calendar year that has ended, of every province, so no two datasets overlap
   (services.check_period).

2. Rounding of every protected count (a count of people the reader has no business counting
   exactly: every count of the coalition's report, and in a member's report the counts that
   involve other members' cases). Zero shows as 0 and 1 to k-1 people as "<k", as before; every
   other count is rounded to a multiple of `BASE`, up or down at random with the chance of going
   up equal to how far the count is past the multiple below (14 becomes 15 four times in five):
   unbiased random rounding, as census offices publish tables (the ONS and Statistics New Zealand
   round at random; the ABS perturbs each cell by a key). Totals are rounded on their own, not
   added up from rounded cells.

   Rounding is what defeats nested periods. A rounded 15 stands for anything from 11 to 19, so
   the difference of two rounded figures is uncertain by up to eight people either way: "Q1 minus
   January" or "all provinces minus Sindh" leaves the one person that suppression hid among
   several possible counts. Like any rounding it is a protection in practice, not a proof: a
   count could still be narrowed down if every rounding it depends on fell at its extreme, which
   for a handful of people spread over a few cells is rare.

   The "random" choice is a keyed hash of the count itself (HMAC with the site's secret key), not
   of where the count appears. So the same count is always published as the same number, in every
   table, report, export and recount, and showing a figure twice (the people of a period appear
   in several tables, a province filter may cover everybody) never narrows it down; nor can a
   reader without the secret key tell which way a count was rounded. A reader who knows a true
   count (a member knows how many people it was referred) learns how that one count rounds, and
   nothing about any other.

Rounding instead of suppression decided across the whole family (hide a cell, or its complement,
in every report it can be subtracted from): that needs every month, quarter and year of every
province counted and suppressed together on each request, and still leaks through the ranges
that suppressed cells must lie in. Rounding protects each figure on its own, and the figures the
secretariat reads stay within a few people of the truth. A member's own cases are not rounded:
they are its own records.

tests/reports/test_differencing.py attacks every pair of reports the app makes for a fixture, with
every total, and finds no hidden count.
"""

from django.utils.crypto import salted_hmac

BASE = 5
KEY_SALT = "coalition.reports.rounding"


def _chance(count: int) -> float:
    """A number in [0, 1) fixed for each count and unknown without the secret key."""
    digest = salted_hmac(KEY_SALT, str(count)).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def rounded(count: int) -> int:
    """`count` rounded to a multiple of BASE, the same way every time; never 0 for people."""
    if count <= 0:
        return 0
    below = count - count % BASE
    if count % BASE and _chance(count) < (count % BASE) / BASE:
        below += BASE
    return max(below, BASE)
