# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest
from ansible_collections.certops.reseller.plugins.module_utils._orders.duplicate_orders import open_orders, settle_duplicates
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    FakeCertsProvider,
    FakeJobsProvider,
    make_csr,
)

NAMES = ['www.example.com']


@pytest.fixture(params=['jobs', 'certs'])
def provider(request):
    return FakeJobsProvider() if request.param == 'jobs' else FakeCertsProvider()


def order(provider):
    request = OrderRequest(common_name=NAMES[0], product='BASIC', lifetime_months=12, csr=make_csr(NAMES),
                           validation_method='dns')
    return provider.create_certificate(request)


def test_a_single_order_is_left_alone(provider):
    job = order(provider)
    result = {}
    assert settle_duplicates(provider, NAMES[0], job, result) is job
    assert 'duplicates_cancelled' not in result
    assert not any(name.startswith('cancel') for name, dummy in provider.calls)


def test_the_younger_order_is_cancelled_and_the_run_that_placed_it_goes_on_with_the_older(provider):
    first = order(provider)
    second = order(provider)
    result = {}
    kept = settle_duplicates(provider, NAMES[0], second, result)
    assert kept.id == first.id
    assert result['duplicates_cancelled'] == [second.id]
    assert result['replaced_job'] == second.id
    assert len(open_orders(provider, NAMES[0])) == 1
    # the other run, looking a moment later, finds one open order: its own
    other = {}
    assert settle_duplicates(provider, NAMES[0], first, other).id == first.id
    assert 'duplicates_cancelled' not in other


def test_a_run_whose_order_another_run_cancelled_switches_to_the_older_order(provider):
    first = order(provider)
    second = order(provider)
    settle_duplicates(provider, NAMES[0], first, {})     # the other run cancels `second`
    result = {}
    assert settle_duplicates(provider, NAMES[0], second, result).id == first.id
    assert result['duplicates_cancelled'] == []
    assert 'duplicated the older order %s' % first.id in result['warnings'][-1]


def test_an_issued_subscription_listed_as_pending_is_no_open_order():
    """SSL247 lists a multi-year certificate as Subscription, which only its details tell issued or pending: taken for
    an open order, it made the renewal look like the younger duplicate, and the renewal was cancelled."""
    provider = FakeCertsProvider()
    names = ['www.example.com']
    issued = provider.add_certificate(names, days_left=20)
    original_list = provider.list_certificates

    def listed_as_subscription(*args, **kwargs):
        items, total = original_list(*args, **kwargs)
        for item in items:
            if item.id == issued.id:
                item.status = 'pending'
                item.extra = dict(status_needs_details=True)
        return items, total

    provider.list_certificates = listed_as_subscription
    assert open_orders(provider, names[0]) == []
