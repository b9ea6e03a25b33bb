"""A small coalition, counted by hand, for the report tests.

Sahil (org A) has six people who reached it from January to March 2026, LAS (org B) three; one
more of Sahil's is outside the period and one is a duplicate record. Every figure the tests check
is written next to the data that makes it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from cases import services as case_services
from cases.models import Case, LegalProceeding
from coalition.reports import scope
from coalition.reports.scope import Period
from members.models import Service
from referrals import services as referral_services
from referrals.models import Referral
from tests.cases.conftest import open_case

PKT = ZoneInfo("Asia/Karachi")
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))
QUERY = {"year": "2026", "part": "q1"}


@pytest.fixture(autouse=True)
def _count_afresh(settings):
    """Every view counts its figures: a test's data is not another test's cached report."""
    settings.REPORTS_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def in_2027(monkeypatch):
    """A day in 2027 for the reports' calendar: 2026 has ended, so its CTDC dataset can be made."""
    monkeypatch.setattr(scope, "timezone", SimpleNamespace(localdate=lambda: date(2027, 1, 15)))


@pytest.fixture
def small_k(settings):
    """k = 2: counts of one person are hidden, every other count shows."""
    settings.SMALL_CELL_THRESHOLD = 2
    return 2


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PKT)


def referrals():
    return Referral.objects.with_scopes_disabled()


def cases():
    return Case.objects.with_scopes_disabled()


@dataclass
class Coalition:
    a: dict
    b: dict
    referrals: dict


def person(staff, day: date, **fields) -> Case:
    fields.setdefault("consent_share_coalition", True)
    return open_case(staff, intake_date=day, full_name=f"Test Person {day}", **fields)


def close(case: Case, *, by, supervisor, reason: str, on: datetime) -> None:
    case_services.request_closure(case=case, by=by.user, reason=reason)
    case_services.approve_closure(
        case=cases().get(pk=case.pk), by=supervisor.user, open_work_confirmed=True
    )
    cases().filter(pk=case.pk).update(closed_at=on)


def proceeding(case: Case, by, *, law: str, stage: str, outcome: str = "pending") -> None:
    case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=case,
            authority="police",
            law=law,
            stage=stage,
            outcome=outcome,
            fir_number="" if stage == "complaint" else "1/2026",
        ),
        by=by.user,
    )


def refer(case: Case, by, to, service: str, *, sent: datetime) -> Referral:
    referral = referral_services.send_referral(
        case=case,
        by=by.user,
        to_organization=to,
        service=Service.objects.get(code=service),
        urgency="routine",
        reason="Synthetic test referral.",
        sections=["survivor"],
    )
    referrals().filter(pk=referral.pk).update(
        created_at=sent, respond_by=sent + timedelta(hours=72)
    )
    return referrals().get(pk=referral.pk)


def answered(referral: Referral, hours: int) -> None:
    referrals().filter(pk=referral.pk).update(
        responded_at=referral.created_at + timedelta(hours=hours)
    )


@pytest.fixture
def coalition(
    org_a, org_b, caseworker_a, supervisor_a, desk_a, caseworker_b, desk_b, supervisor_b
) -> Coalition:
    """The people, referrals, services and legal cases the figure tests count."""
    a = {
        # Jan: woman, 12 (9-17), Punjab/Kasur, helpline, internal, forced + bonded labour
        "A1": person(caseworker_a, date(2026, 1, 10), sex="female", gender_identity="woman",
                     estimated_age=12, origin_province="punjab", origin_district="Kasur",
                     intake_channel="helpline", scope="internal",
                     facets={"exploitation": ["forced_labour", "bonded_labour"]}),
        # Jan: woman, born 2000-02-01 so 25 at intake (24-26), Punjab/Kasur, walk-in, sexual
        "A2": person(caseworker_a, date(2026, 1, 20), sex="female", gender_identity="woman",
                     date_of_birth=date(2000, 2, 1), origin_province="punjab",
                     origin_district="Kasur", intake_channel="walk_in", scope="internal",
                     facets={"exploitation": ["sexual"]}),
        # Feb: man, 30 (30-38), Punjab/Lahore, helpline, cross-border, forced labour; closed Feb
        "A3": person(caseworker_a, date(2026, 2, 5), sex="male", gender_identity="man",
                     estimated_age=30, origin_province="punjab", origin_district="Lahore",
                     intake_channel="helpline", scope="transnational",
                     destination_country="Saudi Arabia",
                     facets={"exploitation": ["forced_labour"]}),
        # Feb: intersex khawaja sira, 19 (18-20), Sindh/Karachi, police, internal, sexual
        "A4": person(caseworker_a, date(2026, 2, 6), sex="intersex",
                     gender_identity="khawaja_sira", estimated_age=19, origin_province="sindh",
                     origin_district="Karachi", intake_channel="police", scope="internal",
                     facets={"exploitation": ["sexual"]}),
        # Mar: transgender woman, age unknown, Sindh (no district), helpline, scope and
        # exploitation not recorded
        "A5": person(caseworker_a, date(2026, 3, 1), sex="female",
                     gender_identity="transgender_woman", origin_province="sindh",
                     intake_channel="helpline"),
        # Mar: man, born 2010-03-02 so 16 on the day (9-17), Punjab/Kasur, helpline, bonded
        "A6": person(caseworker_a, date(2026, 3, 2), sex="male", gender_identity="man",
                     date_of_birth=date(2010, 3, 2), origin_province="punjab",
                     origin_district="Kasur", intake_channel="helpline", scope="internal",
                     facets={"exploitation": ["bonded_labour"]}),
        # Outside the period, and a duplicate record: counted nowhere.
        "before": person(caseworker_a, date(2025, 12, 31), sex="female", estimated_age=20),
        "duplicate": person(caseworker_a, date(2026, 2, 10), sex="female", estimated_age=20,
                            origin_province="punjab", origin_district="Kasur"),
    }  # fmt: skip
    b = {
        # Jan: woman, 40 (39-47), KP/Swat, FIA, cross-border, sexual
        "B1": person(caseworker_b, date(2026, 1, 15), sex="female", gender_identity="woman",
                     estimated_age=40, origin_province="kpk", origin_district="Swat",
                     intake_channel="fia", scope="transnational",
                     facets={"exploitation": ["sexual"]}),
        # Feb: man, 8 (0-8), KP/Swat, helpline, internal, forced begging
        "B2": person(caseworker_b, date(2026, 2, 15), sex="male", gender_identity="man",
                     estimated_age=8, origin_province="kpk", origin_district="Swat",
                     intake_channel="helpline", scope="internal",
                     facets={"exploitation": ["forced_begging"]}),
        # Mar: woman, 50 (48+), Punjab/Kasur, walk-in, internal, domestic servitude
        "B3": person(caseworker_b, date(2026, 3, 15), sex="female", gender_identity="woman",
                     estimated_age=50, origin_province="punjab", origin_district="Kasur",
                     intake_channel="walk_in", scope="internal",
                     facets={"exploitation": ["domestic_servitude"]}),
    }  # fmt: skip
    # Referrals: Sahil sent three to LAS (accepted in 2 h, declined in 10 h, one overdue);
    # LAS sent one to Sahil (accepted in 4 h, completed with the service provided).
    r1 = refer(a["A1"], caseworker_a, org_b, "legal_aid", sent=at(date(2026, 1, 12), 10))
    referral_services.accept(referral=r1, by=desk_b.user)
    answered(r1, 2)
    r2 = refer(a["A2"], caseworker_a, org_b, "legal_aid", sent=at(date(2026, 1, 22), 10))
    referral_services.decline(referral=r2, by=desk_b.user, reason="no_capacity")
    answered(r2, 10)
    r3 = refer(a["A3"], caseworker_a, org_b, "legal_aid", sent=at(date(2026, 2, 7), 10))
    r4 = refer(b["B1"], caseworker_b, org_a, "psychosocial", sent=at(date(2026, 1, 16), 10))
    referral_services.accept(referral=r4, by=desk_a.user, assigned_to=caseworker_a)
    answered(r4, 4)

    # Services: Sahil gave legal aid to A1 and shelter to A2, LAS psychosocial support to A1,
    # and Sahil psychosocial support to LAS's B1 (through the referral).
    service = Service.objects.get
    case_services.record_service(
        case=a["A1"],
        by=caseworker_a.user,
        service=service(code="legal_aid"),
        delivered_on=date(2026, 2, 1),
    )
    case_services.record_service(
        case=a["A2"],
        by=caseworker_a.user,
        service=service(code="shelter"),
        delivered_on=date(2026, 1, 25),
    )
    case_services.record_service(
        case=a["A1"],
        by=desk_b.user,
        service=service(code="psychosocial"),
        delivered_on=date(2026, 2, 3),
    )
    case_services.record_service(
        case=b["B1"],
        by=caseworker_a.user,
        service=service(code="psychosocial"),
        delivered_on=date(2026, 1, 20),
    )
    referral_services.complete(referral=r4, by=desk_a.user, outcome="service_provided")

    # Legal: A1 PTPA at FIR; A2 PTPA convicted; A3 PSMA in trial; A6 bonded labour under
    # investigation; B1 PTPA complaint.
    proceeding(a["A1"], caseworker_a, law="ptpa_2018", stage="fir")
    proceeding(a["A2"], caseworker_a, law="ptpa_2018", stage="verdict", outcome="conviction")
    proceeding(a["A3"], caseworker_a, law="psma_2018", stage="trial")
    proceeding(a["A6"], caseworker_a, law="blsaa_1992", stage="investigation")
    proceeding(b["B1"], caseworker_b, law="ptpa_2018", stage="complaint")  # fmt: skip
    # Closed after its referral was sent: A3 in February; the duplicate record.
    close(a["A3"], by=caseworker_a, supervisor=supervisor_a, reason="repatriated",
          on=at(date(2026, 2, 20), 10))  # fmt: skip
    close(a["duplicate"], by=caseworker_a, supervisor=supervisor_a, reason="duplicate",
          on=at(date(2026, 2, 21), 10))  # fmt: skip
    return Coalition(a, b, {"R1": r1, "R2": r2, "R3": r3, "R4": r4})
