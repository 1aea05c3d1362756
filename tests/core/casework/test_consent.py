from fleksjob.core.casework.consent import ITEMS, ConsentItem, changed, current


def test_the_latest_change_of_each_item_counts():
    changes = [
        ("competences", True),
        ("hours", True),
        ("competences", False),
        ("name_contact", True),
        ("unknown", True),
    ]
    assert current(changes) == {ConsentItem.HOURS, ConsentItem.NAME_CONTACT}
    assert current([]) == frozenset()


def test_changed_gives_exactly_the_differences_in_item_order():
    before = frozenset({ConsentItem.HOURS, ConsentItem.NAME_CONTACT})
    assert changed(before, ["competences", "hours"]) == [
        (ConsentItem.COMPETENCES, True),
        (ConsentItem.NAME_CONTACT, False),
    ]
    assert changed(before, ["hours", "name_contact"]) == []
    # Withdrawing everything and giving everything are the two extremes.
    assert changed(frozenset(ITEMS), []) == [(i, False) for i in ITEMS]
    assert current(changed(frozenset(), ITEMS)) == frozenset(ITEMS)


def test_every_employer_decline_reason_ends_a_proposal_and_is_labelled():
    from fleksjob.core.casework.placement_flow import (
        EMPLOYER_DECLINE_ENDS,
        EMPLOYER_LABELS_DA,
        EMPLOYER_LABELS_EN,
        EmployerDeclineReason,
        NotHiredReason,
    )

    for reason in EmployerDeclineReason:
        assert EMPLOYER_DECLINE_ENDS[reason] in NotHiredReason
        assert EMPLOYER_LABELS_DA[reason] and EMPLOYER_LABELS_EN[reason]
    # The citizen's own refusal is never what an employer's answer records.
    assert NotHiredReason.CITIZEN_DECLINED not in EMPLOYER_DECLINE_ENDS.values()
