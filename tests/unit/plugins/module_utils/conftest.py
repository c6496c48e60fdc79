# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures the report's data and HTML tests share."""

import pytest

from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.report_samples import (
    sample_results_and_hosts,
    term_results,
)


@pytest.fixture
def sample():
    return sample_results_and_hosts()


@pytest.fixture
def terms():
    return term_results()
