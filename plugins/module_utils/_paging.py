# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Paging: one loop for every list the providers answer page by page (AutoDNS JSON searches, XML list
inquiries, the info modules and the inventory), and the ``limit``/``offset`` options of the listing
modules.  Nothing here calls a provider itself: the caller passes the function that reads one page."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError

# How many objects one list call asks for when the caller wants everything.
PAGE_SIZE = 100
# A provider that ignores offset would make "fetch all pages" loop forever; stop after this many pages.
MAX_PAGES = 1000


def paging_argument_spec():
    """``limit`` / ``offset`` options of every listing info module."""
    return dict(
        limit=dict(type='int'),
        offset=dict(type='int', default=0),
    )


def check_paging(limit, offset):
    if limit is not None and limit < 1:
        raise InputError('limit must be at least 1, got %s' % limit)
    if offset is not None and offset < 0:
        raise InputError('offset must not be negative, got %s' % offset)


def walk_pages(read_page, limit=None, offset=0, page_size=PAGE_SIZE, short_page_ends=True):
    """Read page after page until ``limit`` items (every item when None) are in, or the list ends.

    ``read_page(size, position) -> (items, total)`` reads at most ``size`` items from ``position``;
    ``total`` is the provider's count of all matches, or None when it does not tell.  The list ends
    on an empty page, at ``total``, or on a page shorter than asked - unless ``short_page_ends`` is
    false and the total is known (a page comes short when the caller dropped items it cannot use).
    At most MAX_PAGES pages: a provider that ignores the position must not keep us looping.
    Returns ``(items, total or None, position after the last item)``.
    """
    items = []
    total = None
    position = offset or 0
    for dummy in range(MAX_PAGES):
        size = page_size if limit is None else min(page_size, limit - len(items))
        batch, total = read_page(size, position)
        batch = list(batch or [])
        items.extend(batch)
        position += len(batch)
        if not batch or (limit is not None and len(items) >= limit):
            break
        if total is not None and position >= total:
            break
        if len(batch) < size and (short_page_ends or total is None):
            break
    return items, total, position


def fetch_pages(list_page, limit=None, offset=0, page_size=PAGE_SIZE):
    """Call ``list_page(limit=..., offset=...) -> (items, total)`` for the caller.

    With ``limit``: one page of at most ``limit`` items starting at ``offset``.
    Without: every item from ``offset`` on, page by page.  Returns ``(items, total)`` where
    ``total`` is the provider's total count of matches (or the number of items seen when the
    provider does not tell).
    """
    offset = offset or 0
    check_paging(limit, offset)
    if limit is not None:
        items, total = list_page(limit=limit, offset=offset)
        items = list(items or [])
        return items[:limit], _total(total, offset + len(items))
    items, total, position = walk_pages(lambda size, position: list_page(limit=size, offset=position),
                                        offset=offset, page_size=page_size)
    return items, _total(total, position)


def _total(total, seen):
    if total is None:
        return seen
    try:
        return int(total)
    except (TypeError, ValueError):
        return seen


def slice_items(items, limit=None, offset=0):
    """Paging for providers that return everything at once: ``(items[offset:offset+limit], total)``."""
    offset = offset or 0
    check_paging(limit, offset)
    items = as_list(items)
    end = None if limit is None else offset + limit
    return items[offset:end], len(items)


def as_list(value):
    """Provider answers for lists come as a list, a ``(list, total)`` pair, a single dict or None."""
    if value is None:
        return []
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], (list, tuple)):
        return list(value[0])
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]
