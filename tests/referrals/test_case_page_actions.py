"""Referring is one of the case page's actions, at the top of the page beside its own (cases
.panels.register_action), offered to whom the access layer lets refer the case."""

import re


def actions_of(client, case) -> list[str]:
    html = client.get(f"/cases/{case.pk}/").content.decode()
    bar = re.search(r'<div class="actions">(.*?)</div>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', bar)


def test_the_caseworker_refers_from_the_top_of_the_case_page(
    as_user, consenting_case, caseworker_a
):
    actions = actions_of(as_user(caseworker_a), consenting_case)

    assert f"/referrals/new/{consenting_case.pk}/" in actions
    assert actions.index(f"/referrals/new/{consenting_case.pk}/") > actions.index(
        f"/cases/{consenting_case.pk}/edit/"
    )


def test_the_receiving_organisation_is_not_offered_to_refer_the_case(
    as_user, referral, consenting_case, desk_b
):
    from referrals import services

    services.accept(referral=referral, by=desk_b.user)

    actions = actions_of(as_user(desk_b), consenting_case)

    assert f"/referrals/new/{consenting_case.pk}/" not in actions
