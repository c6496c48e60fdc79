# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The plan chooses by date and by money: a free reissue inside a paid term, a paid renewal of a term that ends within
its window, a new order once the term has ended; each action says what it costs; a spending cap refuses beyond it."""


import pytest

from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.certops.reseller.plugins.module_utils._plan import plan, spending
from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._plan.test_plan import (
    ACTIONS,
    NOW,
    POOL,
    FakeAutoDNS,
    FakeSSL247,
    host_state,
    iso,
    issued,
)


class TermAutoDNS(FakeAutoDNS):
    capabilities = Capabilities(renew_window_days=90)


NAMES = ['www.pool.test', 'pool.test']


@pytest.fixture(scope='module')
def key():
    return ec.generate_private_key(ec.SECP256R1())


def certificate(key, days, term_days, not_before_days=-188, reissue_required=None):
    cert = issued('7', key, NAMES, 0x51, days=days)
    cert.not_before = iso(not_before_days)
    cert.term_end = iso(term_days) if term_days is not None else None
    cert.reissue_required = reissue_required
    return cert


def decide(provider, key, days, actions=None, remaining_days=None):
    actions = ACTIONS if actions is None else actions
    state = host_state(key, NAMES, 0x51, days=days)
    item = dict(POOL) if remaining_days is None else dict(POOL, remaining_days=remaining_days)
    result = plan.make_plan(['web1'], dict(web1=[item]), dict(web1=[state]), {}, actions, {'': provider}, now=NOW)
    return result['certificates'][0], result


def test_a_due_certificate_inside_its_term_is_reissued_for_free(key):
    entry, result = decide(TermAutoDNS([certificate(key, 12, 200)]), key, 12)
    assert entry['action'] == 'reissue' and entry['cost'] == 'free' and entry['new_key'] is True
    assert entry['reason'].startswith('certificate 7 expires in 12 days, term paid until %s: free reissue' % iso(200)[:10])
    assert 'due at a third of its 200 days' in entry['reason']
    assert entry['force_order'] is False
    line = [row for row in plan.summary_lines(result['certificates']) if row.startswith('www.pool.test')][0]
    assert 'reissue (free)' in line


def test_a_term_that_ends_within_its_window_is_renewed_and_paid(key):
    entry, _result = decide(TermAutoDNS([certificate(key, 12, 80)]), key, 12)
    assert entry['action'] == 'renew' and entry['cost'] == 'paid' and entry['new_key'] is False
    assert 'its term ends on %s: renewal of the term (paid)' % iso(80)[:10] in entry['reason']
    # the renewal module judges by the same date
    assert entry['renew_within_days'] == 81


def test_a_term_that_has_ended_gets_a_new_order(key):
    entry, _result = decide(TermAutoDNS([certificate(key, 2, -1)]), key, 2)
    assert entry['action'] == 'order' and entry['cost'] == 'paid' and entry['force_order'] is True
    assert 'a new order (paid)' in entry['reason']


def test_a_certificate_that_is_not_due_is_left_alone_and_asks_nothing_more(key):
    provider = TermAutoDNS([certificate(key, 150, 300)])
    entry, _result = decide(provider, key, 150)
    assert entry['action'] == 'none'
    assert [c[0] for c in provider.calls] == ['list_certificates_by_names', 'list_jobs']


def test_a_renewal_the_provider_would_refuse_as_too_early_is_never_sent(key):
    # due at 130 days left, but the term ends with the certificate and its window opens at 90
    cert = certificate(key, 120, 120, not_before_days=-278)
    entry, _result = decide(TermAutoDNS([cert]), key, 120, remaining_days=130)
    assert entry['action'] == 'none'
    assert entry['reason'] == ('in place on 1 host(s); certificate 7 expires in 120 days, but the renewal of its term '
                               'opens 90 days before it ends, in 30 days: not sent before (due at remaining_days 130)')


def test_the_providers_reissue_required_waits_for_the_certificates_own_point(key):
    # AutoDNS says reissueRequired for a whole fleet at one moment; the spread keeps the fleet over many nights
    entry, _result = decide(TermAutoDNS([certificate(key, 59, 300, reissue_required=True)]), key, 59, remaining_days=30)
    assert entry['action'] == 'none'
    entry, _result = decide(TermAutoDNS([certificate(key, 29, 300, reissue_required=True)]), key, 29, remaining_days=30)
    assert entry['action'] == 'reissue' and entry['cost'] == 'free'


def test_certificate_actions_gate_the_reissue(key):
    entry, _result = decide(TermAutoDNS([certificate(key, 12, 200)]), key, 12, actions=['renew'])
    assert entry['action'] == 'reissue' and entry['allowed'] is False


def test_remaining_days_overrides_the_turnover_point(key):
    entry, _result = decide(TermAutoDNS([certificate(key, 40, 200)]), key, 40, remaining_days=30)
    assert entry['action'] == 'none'
    entry, _result = decide(TermAutoDNS([certificate(key, 40, 200)]), key, 40, remaining_days=45)
    assert entry['action'] == 'reissue' and 'due at remaining_days 45' in entry['reason']


# -- the bill and the spending cap --------------------------------------------------------------------

def entries_for(kinds):
    rows = []
    for index, (action, price) in enumerate(kinds):
        rows.append(dict(id='c%d' % index, common_name='c%d.test' % index, action=action, allowed=True, deferred=None, reason='why',
                         price=dict(value=price, currency='EUR') if price is not None else None, lead_host='web1',
                         deploy_hosts=['web1'], key_copy_hosts=[], new_key=True, cost='paid'))
    return rows


def test_the_bill_tells_prices_where_told_and_says_paid_where_not():
    lines = spending.bill_lines(entries_for([('order', 50.0), ('renew', None), ('reissue', None)]))
    assert lines == ['bill: order c0.test: 50.0 EUR', 'bill: renew c1.test: paid, price not told',
                     'bill: 2 paid action(s); prices told: 50.00 EUR; 1 without a price told']
    assert spending.bill_lines(entries_for([('reissue', None)])) == []


def test_the_cap_on_paid_actions_refuses_beyond_it_in_one_sentence():
    rows = entries_for([('order', None), ('reissue', None), ('renew', None), ('order', None)])
    spending.apply_spending_cap(rows, max_paid_actions=2)
    assert [r['action'] for r in rows] == ['order', 'reissue', 'renew', 'blocked']
    assert rows[3]['reason'] == ('certificate_max_paid_actions is 2, so this run refuses the paid order of c3.test '
                                 '(why); nothing was paid for it')
    assert rows[3]['lead_host'] is None and rows[3]['deploy_hosts'] == []
    assert plan.host_index(rows)['web1']['lead'] == ['c0', 'c1', 'c2']


def test_the_cap_on_money_counts_the_prices_told():
    rows = entries_for([('order', 40.0), ('order', 40.0), ('renew', None)])
    spending.apply_spending_cap(rows, max_spend=50)
    assert [r['action'] for r in rows] == ['order', 'blocked', 'renew']
    assert rows[1]['reason'].startswith('certificate_max_spend is 50 and it would bring the run to 80.00 EUR, so this '
                                        'run refuses the paid order of c1.test')


def test_check_mode_prices_renewals_where_the_provider_tells():
    provider = FakeSSL247()
    rows = entries_for([('renew', None)])
    rows[0].update(connection='', declaration=dict(common_name='c0.test', names=['c0.test'], product='RAPIDSSL',
                                                   lifetime=12, validation_method='dns'), price=None)
    spending.price_entries(rows, {'': provider})
    assert rows[0]['price'] == dict(value=42.5, currency='EUR')


def test_a_required_reissue_gives_way_to_the_renewal_when_the_term_ends_within_its_window(key):
    # the sandbox and AutoDNS say reissueRequired while the certificate ends before the term: near the term's end the
    # next certificate comes from the renewal, not from a reissue cut short by the term
    entry, _result = decide(TermAutoDNS([certificate(key, 16, 30, reissue_required=True)]), key, 16)
    assert entry['action'] == 'renew' and entry['cost'] == 'paid'


class DetailsSSL247(FakeSSL247):
    """Lists a multi-year subscription as SSL247 does (status only its details tell)."""

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        listed, total = super(DetailsSSL247, self).list_certificates(common_name, status, product, limit, offset)
        for certificate in listed:
            certificate.status = 'pending'
            certificate.extra = dict(status_needs_details=True)
        return listed, total


def test_a_listed_subscription_is_issued_when_the_hosts_hold_it_and_read_when_they_do_not(key):
    cert = certificate(key, 150, 600)
    provider = DetailsSSL247([cert])
    entry, _result = decide(provider, key, 150)
    assert entry['action'] == 'none' and [c[0] for c in provider.calls] == ['list_certificates']
    # due: the details tell it is issued, so it is reissued inside its term, not resumed as a running order
    provider = DetailsSSL247([certificate(key, 12, 600)])
    entry, _result = decide(provider, key, 12)
    assert entry['action'] == 'reissue', entry['reason']
    assert ('get_certificate', '7') in provider.calls
