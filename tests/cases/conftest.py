import pytest

from cases import services
from cases.models import Case


def open_case(staff, **fields) -> Case:
    fields.setdefault("intake_channel", "helpline")
    fields.setdefault("consent_record", True)
    return services.open_case(organization=staff.organization, by=staff.user, **fields)


@pytest.fixture
def case_a(caseworker_a) -> Case:
    return open_case(
        caseworker_a,
        full_name="Ayesha Bibi",
        alias="Shanno",
        phone="+923001234567",
        cnic="35202-1234567-1",
    )


@pytest.fixture
def case_b(caseworker_b) -> Case:
    return open_case(caseworker_b, full_name="Rubina Masih", phone="+923339876543")


def edit_data(case: Case, **changes) -> dict:
    """The case file form as the browser would post it, with `changes` applied."""
    data = {
        "version": case.version,
        "intake_date": case.intake_date.isoformat(),
        "intake_channel": case.intake_channel,
        "risk_level": case.risk_level,
        "full_name": case.full_name,
        "alias": case.alias,
        "sex": case.sex,
        "gender_identity": case.gender_identity,
        "nationality": case.nationality,
        "cnic": case.cnic,
        "phone": case.phone,
        "trafficking_status": case.trafficking_status,
        "case_type": case.case_type,
        "consent_record": "on" if case.consent_record else "",
    }
    data.update(changes)
    return {k: val for k, val in data.items() if val not in (None, "")}
