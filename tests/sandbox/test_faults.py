# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""/_sandbox/faults: rules by operation, count and probability; before/after commit; the request log marks them."""

import json

import pytest
import requests

AUTH = ('sandbox', 'sandbox')
HEADERS = {'X-Domainrobot-Context': '4'}
CONTACT = {'fname': 'Ada', 'lname': 'Lovelace', 'email': 'ada@example.com', 'phone': '+44-20-1234567',
           'organization': 'Example', 'address': ['1 Road'], 'city': 'London', 'pcode': 'N1 1AA', 'country': 'GB'}


def create_contact(sandbox, timeout=30):
    return sandbox.post('/autodns/v1/sslcontact', auth=AUTH, headers=HEADERS, json=CONTACT, timeout=timeout)


def contacts(sandbox):
    return list(sandbox.get('/_sandbox/state').json()['contacts'].values())


def add(sandbox, *rules):
    response = sandbox.post('/_sandbox/faults', json={'rules': list(rules)})
    assert response.status_code == 200, response.text
    return response.json()['added']


def test_cut_after_commit_keeps_the_write_and_sends_no_answer(sandbox):
    add(sandbox, {'kind': 'cut_after_commit', 'operation': '^400201$'})
    with pytest.raises(requests.exceptions.ConnectionError):
        create_contact(sandbox)
    assert len(contacts(sandbox)) == 1
    log = sandbox.get('/_sandbox/requests?operation=400201').json()
    assert [(e['fault'], e['mutating']) for e in log] == [('cut_after_commit', True)]
    # count 1 by default: the next request is answered normally
    assert create_contact(sandbox).status_code == 200
    assert len(contacts(sandbox)) == 2


def test_cut_before_commit_rolls_the_write_back(sandbox):
    add(sandbox, {'kind': 'cut_before_commit', 'operation': '400201'})
    with pytest.raises(requests.exceptions.ConnectionError):
        create_contact(sandbox)
    assert contacts(sandbox) == []
    assert sandbox.get('/_sandbox/requests').json()[0]['mutating'] is False


@pytest.mark.parametrize('kind, status, committed', [
    ('error_before_commit', 503, 0), ('error_after_commit', 502, 1), ('rate_limited', 429, 0)])
def test_status_faults(sandbox, kind, status, committed):
    add(sandbox, {'kind': kind, 'operation': '400201', 'retry_after': 2})
    response = create_contact(sandbox)
    assert response.status_code == status
    assert len(contacts(sandbox)) == committed
    if kind == 'rate_limited':
        assert response.headers['Retry-After'] == '2'
    assert sandbox.get('/_sandbox/requests').json()[0]['status'] == status


def test_slow_answer_outlasts_the_client_timeout_but_the_write_happened(sandbox):
    add(sandbox, {'kind': 'slow', 'operation': '400201', 'delay': 1.5})
    with pytest.raises(requests.exceptions.ReadTimeout):
        create_contact(sandbox, timeout=0.5)
    assert len(contacts(sandbox)) == 1


@pytest.mark.parametrize('kind', ['truncated', 'malformed', 'html_error', 'empty_body', 'wrong_content_type',
                                  'entity_bomb', 'external_entity'])
def test_body_faults_spoil_the_answer_after_the_commit(sandbox, kind):
    add(sandbox, {'kind': kind, 'operation': '400201'})
    response = create_contact(sandbox)
    assert len(contacts(sandbox)) == 1
    if kind in ('truncated', 'malformed', 'empty_body', 'entity_bomb', 'external_entity', 'html_error'):
        with pytest.raises(ValueError):
            json.loads(response.content.decode('utf-8'))
    if kind == 'wrong_content_type':
        assert response.headers['Content-Type'].startswith('text/plain')
        assert json.loads(response.text)['status']['type'] == 'SUCCESS'
    if kind == 'entity_bomb':
        assert b'<!ENTITY lol5' in response.content
    if kind == 'external_entity':
        assert b'SYSTEM "file:///etc/passwd"' in response.content


def test_a_body_fault_can_act_before_the_commit(sandbox):
    add(sandbox, {'kind': 'html_error', 'operation': '400201', 'commit': False, 'status': 502})
    assert create_contact(sandbox).status_code == 502
    assert contacts(sandbox) == []


def test_rules_filter_by_provider_and_probability_is_seeded(sandbox):
    add(sandbox, {'kind': 'error_before_commit', 'provider': 'ssl247', 'count': 5})
    assert create_contact(sandbox).status_code == 200     # AutoDNS is not touched by an SSL247 rule
    sandbox.request('DELETE', '/_sandbox/faults')
    outcomes = []
    for dummy in range(2):
        sandbox.request('DELETE', '/_sandbox/faults')
        add(sandbox, {'kind': 'error_before_commit', 'operation': '400201', 'probability': 0.5, 'seed': 7})
        outcomes.append([create_contact(sandbox).status_code for dummy in range(12)])
    assert outcomes[0] == outcomes[1]
    assert 503 in outcomes[0] and 200 in outcomes[0]
    described = sandbox.get('/_sandbox/faults').json()
    assert described['rules'][0]['fired'] == outcomes[1].count(503)


def test_bad_rules_are_refused_with_a_reason(sandbox):
    for rule, reason in (({'kind': 'explode'}, 'kind must be one of'), ({'kind': 'slow', 'colour': 1}, 'unknown rule fields'),
                         ({'kind': 'slow', 'commit': False}, 'commit can be chosen only'),
                         ({'kind': 'slow', 'probability': 2}, 'probability must be between')):
        response = sandbox.post('/_sandbox/faults', json=rule)
        assert response.status_code == 400
        assert reason in response.json()['error']


def test_reset_forgets_the_rules(sandbox):
    add(sandbox, {'kind': 'cut_before_commit', 'count': 10})
    sandbox.post('/_sandbox/reset')
    assert sandbox.get('/_sandbox/faults').json()['rules'] == []
    assert create_contact(sandbox).status_code == 200
