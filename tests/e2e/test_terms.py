# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A 12-month term kept by site.yml across more than a year of sandbox time, per flavour (AutoDNS JSON, AutoDNS XML, SSL247),
with real BIND (DCV checked by the sandbox) and real nginx: the order and one term renewal are paid, every other new
certificate is a free reissue, nginx serves a valid certificate after every run, and no certificate lives longer than
the rule of its issue date (200 days, then 100 from 2027-03-15).

The schedule is compressed to the runs where something happens (the clock jumps to each certificate's turnover
point); tests/e2e/terms.py runs the same lab every few sandbox days for a year as a script.  The tests run in file
order and share one lab.
"""

import datetime
import shutil
import tempfile

import pytest

import lab as lab_module
import terms as terms_module


@pytest.fixture(scope='module')
def terms():
    lab_module.require_programs()
    workdir = tempfile.mkdtemp(prefix='certops-terms-')
    lab = terms_module.TermsLab(workdir)
    try:
        yield lab.start()
    finally:
        lab.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _providers(calls):
    return sorted(provider for provider, _operation in calls)


def _advance_to_days_left(terms, days_left):
    """Move the clock until the earliest served certificate has ``days_left`` days left."""
    now = terms.now()
    earliest = min(datetime.datetime.fromisoformat(s['expires']).replace(tzinfo=datetime.timezone.utc)
                   for s in terms.history[-1]['served'].values())
    terms.advance(max((earliest - now).total_seconds() / 86400.0 - days_left, 0))


def test_the_order_is_paid_once_per_certificate(terms):
    record, output = terms.run()
    assert _providers(record['paid']) == ['autodns', 'autodns', 'ssl247'], record
    assert record['free'] == []
    assert record['deposit_change'] < 0            # SSL247 charged the order
    # a 12-month term bought on 2026-12-03 gets a certificate of at most 200 days, not 365
    assert all(days <= 200 for _host, days in record['new']) and len(record['new']) == 3, record
    assert 'order (paid)' in output


def test_a_due_certificate_inside_its_term_is_reissued_for_free_with_fresh_dcv(terms):
    _advance_to_days_left(terms, 33)               # a third of 200 days: due whatever its spread
    dcv_before = len(terms.lab.bind.records('TXT'))
    record, output = terms.run()
    assert record['paid'] == [], record
    assert _providers(record['free']) == ['autodns', 'autodns', 'ssl247'], record
    assert record['deposit_change'] == 0           # a reissue costs nothing
    assert 'free reissue' in output and 'reissue (free)' in output
    assert len(record['new']) == 3, record
    # issued after 2027-03-15: at most 100 days
    assert terms.now().date() >= datetime.date(2027, 3, 15)
    assert all(days <= 100 for _host, days in record['new']), record
    # more than 100 days after the first validation: validated again through BIND (records published, then removed)
    assert len(terms.lab.bind.records('TXT')) == dcv_before
    assert 'Publish the DCV records' in output


def test_the_next_reissue_inside_the_term_is_free_too(terms):
    _advance_to_days_left(terms, 16)               # a third of 100 days is 33, a sixth 16.7: due
    record, _output = terms.run()
    assert record['paid'] == [], record
    assert _providers(record['free']) == ['autodns', 'autodns', 'ssl247'], record
    assert record['deposit_change'] == 0
    assert all(days <= 100 for _host, days in record['new']) and len(record['new']) == 3, record


def test_the_end_of_the_term_is_renewed_and_paid_once(terms):
    # this run is the scheduled job, playbooks/renew.yml: it renews the term (and would order nothing new)
    _advance_to_days_left(terms, 16)
    record, output = terms.run('renew.yml')
    assert _providers(record['paid']) == ['autodns', 'autodns', 'ssl247'], record
    assert record['free'] == [], record
    assert record['deposit_change'] < 0            # SSL247 charged the renewal
    assert 'renewal of the term (paid)' in output
    assert len(record['new']) == 3 and all(days <= 100 for _host, days in record['new']), record


def test_the_renewed_term_goes_on_with_free_reissues(terms):
    _advance_to_days_left(terms, 16)
    record, _output = terms.run()
    assert record['paid'] == [], record
    assert _providers(record['free']) == ['autodns', 'autodns', 'ssl247'], record
    assert record['deposit_change'] == 0


def test_a_run_with_nothing_due_changes_nothing_and_the_year_cost_two_payments_each(terms):
    terms.advance(3)
    record, _output = terms.run()
    assert record['paid'] == [] and record['free'] == [] and record['changed'] == 0, record
    paid = [p for r in terms.history for p in r['paid']]
    free = [f for r in terms.history for f in r['free']]
    assert _providers(paid) == ['autodns'] * 4 + ['ssl247'] * 2, terms.history
    assert _providers(free) == ['autodns'] * 6 + ['ssl247'] * 3, terms.history
    # more than a year of sandbox time went by
    first = datetime.date.fromisoformat(terms.history[0]['date'])
    assert (terms.now().date() - first).days > 365, terms.history
