# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Simultaneous ansible-playbook runs on one certificate: one order each time (concurrency.py has the full set)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import concurrency  # noqa: E402


@pytest.fixture(scope='module')
def runner(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp('pairs'))
    sandbox = concurrency.SandboxProcess([], os.path.join(workdir, 'sandbox.log'))
    yield concurrency.PairRunner(sandbox, workdir)
    sandbox.stop()


@pytest.mark.parametrize('flavour', list(concurrency.FLAVOURS))
def test_three_pairs_on_one_node_place_one_order_each(runner, flavour):
    results = [runner.pair(flavour) for dummy in range(3)]
    print(runner.report(0))
    assert all(results), '\n'.join(runner.problems)
    # the order lock: the second run of every pair found the first run's order and placed none
    assert runner.orders_placed[(flavour, 'same node', 1)] == 3, runner.report(0)


@pytest.mark.parametrize('flavour', ['autodns_json', 'ssl247'])
def test_a_pair_on_two_nodes_keeps_one_order(runner, flavour):
    """No shared lock: both runs may order; the look after ordering cancels the younger order."""
    assert runner.pair(flavour, separate_nodes=True), '\n'.join(runner.problems)
