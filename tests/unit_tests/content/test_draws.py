"""The crowd's cheap draws: an account from one digest, a normal draw from a table of quantiles."""

import collections
import itertools
import statistics

from crisissim.content.names import HandleBook
from crisissim.content.people import ACCOUNT_DRAWS, account_draws, make_account
from crisissim.content.personas import builtin_personas
from crisissim.content.streams import NORMAL, NORMAL_STEPS

LIBRARY = builtin_personas()


def test_an_account_is_the_same_whenever_it_is_made_and_another_name_is_another_person():
    persona = LIBRARY.crowd("angry-patient")
    first = make_account(persona, "nl", account_draws(11, "storm:leak:account:17"))
    again = make_account(persona, "nl", account_draws(11, "storm:leak:account:17"))
    assert first == again
    others = {make_account(persona, "nl", account_draws(11, f"storm:leak:account:{i}")) for i in range(200)}
    assert len({a.name for a in others}) > 150  # a crowd of different people, not a few names again
    assert make_account(persona, "nl", account_draws(12, "storm:leak:account:17")) != first  # another run seed


def test_an_accounts_numbers_are_spread_over_the_unit_interval():
    numbers = [u for i in range(2000) for u in account_draws(3, f"storm:s:account:{i}")]
    assert len(numbers) == 2000 * ACCOUNT_DRAWS and all(0.0 <= u < 1.0 for u in numbers)
    tenths = collections.Counter(int(u * 10) for u in numbers)
    assert all(abs(tenths[d] / len(numbers) - 0.1) < 0.01 for d in range(10))


def test_a_crowd_made_from_digests_keeps_one_name_per_handle():
    book = HandleBook()
    personas = [LIBRARY.crowd(p) for p in ("angry-patient", "troll", "worried-relative")]
    names: dict[str, set[str]] = collections.defaultdict(set)
    for i in range(3000):
        account = make_account(
            personas[i % 3], "nl", account_draws(1, f"storm:s:account:{i}"), handles=book, owner=f"s:{i}"
        )
        names[account.handle.lower()].add(account.name)
    assert all(len(n) == 1 for n in names.values())


def test_the_normal_table_is_a_standard_normal():
    assert len(NORMAL) == NORMAL_STEPS
    assert abs(statistics.fmean(NORMAL)) < 1e-9
    assert abs(statistics.pstdev(NORMAL) - 1.0) < 0.01
    assert all(a < b for a, b in itertools.pairwise(NORMAL))
    inside = sum(1 for z in NORMAL if -1.0 <= z <= 1.0) / NORMAL_STEPS
    assert abs(inside - 0.6827) < 0.002  # 68 % within one deviation
