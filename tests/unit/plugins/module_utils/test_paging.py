# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._paging import (
    as_list,
    fetch_pages,
    slice_items,
)


class Pages(object):
    def __init__(self, count, report_total=True):
        self.items = list(range(count))
        self.report_total = report_total
        self.calls = []

    def __call__(self, limit, offset):
        self.calls.append((limit, offset))
        return self.items[offset:offset + limit], (len(self.items) if self.report_total else None)


def test_one_page_when_limit_given():
    pages = Pages(10)
    items, total = fetch_pages(pages, limit=3, offset=2)
    assert items == [2, 3, 4]
    assert total == 10
    assert pages.calls == [(3, 2)]


def test_all_pages_without_limit():
    pages = Pages(250)
    items, total = fetch_pages(pages, page_size=100)
    assert items == list(range(250))
    assert total == 250
    assert pages.calls == [(100, 0), (100, 100), (100, 200)]


def test_all_pages_stop_on_total_even_when_page_full():
    pages = Pages(200)
    items, total = fetch_pages(pages, page_size=100)
    assert len(items) == 200
    assert pages.calls == [(100, 0), (100, 100)]


def test_all_pages_from_offset_without_total():
    pages = Pages(7, report_total=False)
    items, total = fetch_pages(pages, offset=2, page_size=3)
    assert items == [2, 3, 4, 5, 6]
    assert total == 7


def test_provider_returning_more_than_limit_is_cut():
    items, total = fetch_pages(lambda limit, offset: (list(range(20)), 20), limit=5)
    assert items == [0, 1, 2, 3, 4]


def test_paging_input_checked():
    with pytest.raises(InputError, match='limit must be at least 1'):
        fetch_pages(Pages(3), limit=0)
    with pytest.raises(InputError, match='offset must not be negative'):
        slice_items([1, 2], offset=-1)


def test_slice_items():
    assert slice_items([1, 2, 3, 4], limit=2, offset=1) == ([2, 3], 4)
    assert slice_items(([1, 2, 3], 3)) == ([1, 2, 3], 3)
    assert slice_items(None) == ([], 0)


def test_as_list():
    assert as_list(dict(a=1)) == [dict(a=1)]
    assert as_list(([1], 1)) == [1]
    assert as_list((1, 2)) == [1, 2]
