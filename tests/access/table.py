"""The declared answer for every role, every relation to a case, and every action.

Read a row as: "a <role> may <action> on a case that is <relation> to them". Anything not listed
is refused with a 404 (the case or referral is not disclosed). Where the person may take the
action but not in the case's current state (a closed case cannot be edited), the answer is
REFUSE: they are told why, and nothing is written.

A per-case grantee is the relation "granted": a grant is given to a person of any role, and
opens the file only to roles that read case files.
"""

from members.roles import Role

from .scenario import OWN_SIDE, RELATIONS, ROLES

ALLOW, REFUSE, DENY = "allow", "refuse", "deny"

CW, SV, RD = Role.CASEWORKER, Role.SUPERVISOR, Role.REFERRAL_DESK
HD = Role.HELPLINE_DESK  # works the cases its calls opened, as a caseworker does
CW_OWN = {"own", "own_team", "closed"}  # a caseworker's own and their team's
RECEIVER = {SV: {"referral_accepted"}, RD: {"referral_accepted"}}
ANSWERERS = (SV, RD)  # who answers a referral to their organisation
REFERRAL_STATES = {
    "referral_pending",
    "referral_accepted",
    "referral_declined",
    "referral_ended",
    "consent_withdrawn",
}


def merge(*grants: dict) -> dict:
    merged: dict = {}
    for grant in grants:
        for role, relations in grant.items():
            merged[role] = merged.get(role, set()) | set(relations)
    return merged


OWNER_WORK = {CW: CW_OWN, HD: CW_OWN, SV: OWN_SIDE}
GRANTEES = {CW: {"granted"}, HD: {"granted"}, SV: {"granted"}}
SUPERVISOR_WORK = {SV: OWN_SIDE}
# Actions on a case: who may take them (role -> relations), and which of them need the case
# not to be closed (on the "closed" relation, those are REFUSE).
CASE_ACTIONS: dict[str, tuple[dict, bool]] = {
    "view": (merge(OWNER_WORK, RECEIVER, GRANTEES), False),
    "view_history": (merge(OWNER_WORK, GRANTEES), False),
    "view_access_entries": (SUPERVISOR_WORK, False),
    "edit": (OWNER_WORK, True),
    "set_status": (OWNER_WORK, True),
    "set_follow_up": (OWNER_WORK, True),
    "record_consent": (OWNER_WORK, False),
    "assign": (SUPERVISOR_WORK, True),
    "request_closure": (OWNER_WORK, True),
    "approve_closure": (SUPERVISOR_WORK, True),
    "send_back_closure": (SUPERVISOR_WORK, True),
    "reopen": (SUPERVISOR_WORK, False),
    "refer": (OWNER_WORK, True),
    "withdraw_referral": (OWNER_WORK, False),
    "grant_access": (SUPERVISOR_WORK, False),
    "add_note": (merge(OWNER_WORK, RECEIVER), True),
    "add_document": (merge(OWNER_WORK, RECEIVER), True),
    "record_service": (merge(OWNER_WORK, RECEIVER), True),
    "add_legal": (merge(OWNER_WORK, RECEIVER), True),
    # On the owner's proceeding: a receiving organisation changes only what it wrote itself.
    "change_legal": (OWNER_WORK, True),
    "propose_transfer": (OWNER_WORK, True),
    "withdraw_transfer": (OWNER_WORK, False),
    # The scenario's referral shares no "exploitation" section: its receivers add nothing there.
    "add_exploitation_detail": (OWNER_WORK, True),
    "change_exploitation_detail": (OWNER_WORK, True),
    # Refused without consent to share with police or FIA (walk.prepare records it).
    "produce_police_summary": (OWNER_WORK, False),
    # Erasing the person's identifying details: the owner's supervisors, closed case or not.
    "erase": (SUPERVISOR_WORK, False),
}

# Actions on "the referral": the one to the person's organisation where there is one, else the
# case owner's pending referral to a third member.
SENDERS = merge(OWNER_WORK, {RD: OWN_SIDE})  # the sending side's desk sees what it sent


def referral_expected(action: str, role: str, relation: str) -> str:
    receiving = role in ANSWERERS and relation in REFERRAL_STATES
    if action == "view_referral":
        return ALLOW if receiving or relation in SENDERS.get(role, ()) else DENY
    if action == "read_referral_content":
        if receiving:
            return ALLOW if relation in ("referral_pending", "referral_accepted") else DENY
        return ALLOW if relation in SENDERS.get(role, ()) else DENY
    if not receiving:
        return DENY
    answerable = {"accept_referral": "referral_pending", "decline_referral": "referral_pending"}
    return ALLOW if relation == answerable.get(action, "referral_accepted") else REFUSE


REFERRAL_ACTIONS = (
    "view_referral",
    "read_referral_content",
    "accept_referral",
    "decline_referral",
    "complete_referral",
)


# Answering "the transfer": one proposed by the case's owner to the person's organisation where
# the case is another member's, else to a fourth member. The receiving supervisors answer it;
# they see the transfer, not the case.
TRANSFER_ACTIONS = ("accept_transfer", "decline_transfer")


def transfer_expected(role: str, relation: str) -> str:
    return ALLOW if role == SV and relation not in OWN_SIDE else DENY


def expected(action: str, role: str, relation: str) -> str:
    if action in REFERRAL_ACTIONS:
        return referral_expected(action, role, relation)
    if action in TRANSFER_ACTIONS:
        return transfer_expected(role, relation)
    allowed, needs_open_case = CASE_ACTIONS[action]
    if relation not in allowed.get(role, ()):
        return DENY
    if relation == "closed" and needs_open_case:
        return REFUSE
    return ALLOW


ACTIONS = (*CASE_ACTIONS, *REFERRAL_ACTIONS, *TRANSFER_ACTIONS)
CELLS = [(role, relation) for role in ROLES for relation in RELATIONS]
