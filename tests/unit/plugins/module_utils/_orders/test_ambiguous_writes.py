# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    MalformedResponseError,
    ProviderError,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import is_unclear, write_then_look


def test_unclear_failures_are_lost_answers_and_5xx_but_not_clear_refusals():
    assert is_unclear(AmbiguousResultError('x'))
    assert is_unclear(MalformedResponseError('truncated'))
    assert is_unclear(ProviderError('oops', http_status=500))
    assert not is_unclear(ProviderError('no', http_status=400))
    assert not is_unclear(InputError('bad'))


def test_a_clear_answer_is_returned_without_looking():
    looks = []
    resolved = write_then_look(lambda: 'done', lambda: looks.append(1), 'write')
    assert resolved.value == 'done' and not resolved.looked and looks == []


def test_a_clear_refusal_is_raised_without_looking():
    def write():
        raise InputError('the provider refused it')
    with pytest.raises(InputError):
        write_then_look(write, lambda: pytest.fail('looked'), 'write')


def test_a_lost_answer_is_replaced_by_what_the_look_finds():
    def write():
        raise AmbiguousResultError('connection reset')
    resolved = write_then_look(write, lambda: 'found', 'contact create', sleep=pytest.fail)
    assert resolved.value == 'found' and resolved.looked
    assert resolved.warning('contact create') == ('the answer to the contact create was lost (connection reset); a look '
                                                  'showed that it was done, so it was not sent again')


def test_a_late_provider_is_given_one_second_look_then_one_sentence():
    answers = iter([None, 'late'])
    slept = []

    def write():
        raise MalformedResponseError('the provider answered with truncated or invalid JSON')
    resolved = write_then_look(write, lambda: next(answers), 'order', sleep=slept.append, delay=2.0)
    assert resolved.value == 'late' and slept == [2.0]

    looks = []
    with pytest.raises(AmbiguousResultError) as error:
        write_then_look(write, lambda: looks.append(1), 'order for a.example.com', sleep=slept.append)
    assert len(looks) == 2
    assert str(error.value) == ('the answer to the order for a.example.com was lost (the provider answered with truncated '
                                'or invalid JSON) and two looks found no trace of it, so it was not sent again; run the '
                                'task again to retry it')
