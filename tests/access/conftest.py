from tests.cases.conftest import case_a  # noqa: F401
from tests.referrals.conftest import consenting_case, legal_aid, offering_b, referral  # noqa: F401
