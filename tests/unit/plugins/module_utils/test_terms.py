# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rules of the day (CA/B Forum BR SC-081v3 1.2.2, 4.2.1, 6.3.2), the turnover point and the choice by date and
money (../shared/api/terms-and-reissues.md)."""


import datetime

import pytest

from ansible_collections.certops.reseller.plugins.module_utils import _terms


def day(text):
    return datetime.datetime.strptime(text, '%Y-%m-%d').replace(tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize('issued, validity, reuse', [
    ('2026-03-14', 398, 398), ('2026-03-15', 200, 200), ('2027-03-14', 200, 200), ('2027-03-15', 100, 100),
    ('2029-03-14', 100, 100), ('2029-03-15', 47, 10), ('2031-01-01', 47, 10),
])
def test_the_rule_of_the_issue_date(issued, validity, reuse):
    assert _terms.rule_of(day(issued)) == (validity, reuse)
    assert _terms.max_validity(day(issued).date()) == validity and _terms.dcv_reuse(day(issued)) == reuse


def test_validity_is_the_span_never_more_than_the_rule_allows():
    assert _terms.validity_days(day('2026-12-03'), day('2027-06-21')) == 200.0
    # a notBefore set back (as the sandbox does when its clock runs ahead) reads as no longer than it may be
    assert _terms.validity_days(day('2026-12-03'), day('2027-12-03')) == 200.0
    assert _terms.validity_days(day('2029-04-01'), day('2029-05-18')) == 47.0
    assert _terms.validity_days(None, day('2029-05-18')) is None


def test_the_spread_is_the_same_on_every_run_and_between_a_third_and_a_sixth():
    points = [_terms.turnover_days(200, 'c|www%d.example|' % i) for i in range(200)]
    assert points == [_terms.turnover_days(200, 'c|www%d.example|' % i) for i in range(200)]
    assert all(200 / 6.0 <= p <= 200 / 3.0 for p in points)
    # a fleet bought on one day turns over on many days, not one night
    assert len(set(int(p) for p in points)) >= 25
    assert 0 <= _terms.spread('x') < 1


def test_remaining_days_overrides_the_third():
    assert _terms.due_point(30, 200, 'id', day('2026-12-03')) == (30.0, 'remaining_days 30')
    point, how = _terms.due_point(None, 47, 'id', day('2029-04-01'))
    assert 47 / 6.0 <= point <= 47 / 3.0 and how.startswith('a third of its 47 days')
    # validity unknown: a third of today's longest
    point, _how = _terms.due_point(None, None, 'id', day('2027-04-01'))
    assert 100 / 6.0 <= point <= 100 / 3.0


TERM_END = day('2027-12-03')


@pytest.mark.parametrize('days_left, term_days, window, wanted', [
    (70, 365, 90, None),                   # not due
    (12, 200, 90, 'reissue'),              # due inside a term that runs on beyond the window: free
    (12, 91, 90, 'reissue'),               # the term's renewal window opens tomorrow: still a reissue
    (12, 90, 90, 'renew'),                 # the term ends within its window: renewed, paid
    (60, 60, 90, 'renew'),                 # the certificate ends with its term
    (12, -1, 90, 'order'),                 # the term has ended: a new order
    (12, None, 90, 'renew'),               # no term told: the certificate is the term
    (12, None, None, 'renew'),
    (120, 120, 90, 'wait'),                # due at 132 (a 398-day certificate), but a renewal now would be refused
    (12, 365, None, 'reissue'),
])
def test_what_a_due_certificate_needs(days_left, term_days, window, wanted):
    due_at = 132 if days_left == 120 else 66
    action, reason = _terms.choose(days_left, due_at, term_days, TERM_END, window)
    assert action == wanted
    if wanted is None:
        assert reason is None
    else:
        assert reason


def test_the_reasons_say_what_it_costs():
    assert _terms.choose(12, 66, 200, TERM_END, 90) == (
        'reissue', 'expires in 12 days, term paid until 2027-12-03: free reissue')
    assert _terms.choose(12, 66, 80, TERM_END, 90) == (
        'renew', 'expires in 12 days, its term ends on 2027-12-03: renewal of the term (paid)')
    assert _terms.choose(12, 66, -3, TERM_END, 90) == ('order', 'its term ended on 2027-12-03: a new order (paid)')
    assert _terms.choose(120, 132, 120, TERM_END, 90)[1] == (
        'expires in 120 days, but the renewal of its term opens 90 days before it ends, in 30 days: not sent before')


@pytest.mark.parametrize('action, cost', [('order', 'paid'), ('renew', 'paid'), ('replace', 'paid'),
                                          ('reissue', 'free'), ('deploy', 'free'), ('resume', 'free')])
def test_cost_of(action, cost):
    assert _terms.cost_of(action) == cost
