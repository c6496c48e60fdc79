# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Helpers shared by the read-only ``*_info`` modules: paging, capability checks, shaping.

Nothing here writes anything; every function only reads through the provider.
"""


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
    collected = []
    position = offset
    total = None
    for dummy in range(MAX_PAGES):
        items, total = list_page(limit=page_size, offset=position)
        items = list(items or [])
        collected.extend(items)
        position += len(items)
        if not items or len(items) < page_size:
            break
        if total is not None and position >= total:
            break
    return collected, _total(total, position)


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


def require(provider, *operations):
    """Raise the provider's UnsupportedOperationError for the first operation it lacks, before any call."""
    for operation in operations:
        if not provider.supports(operation):
            raise provider.unsupported(operation)


def to_plain(value):
    """Turn model objects (anything with ``to_dict``) inside provider answers into plain data."""
    if hasattr(value, 'to_dict'):
        return value.to_dict()
    if isinstance(value, dict):
        return dict((k, to_plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def info_result(**values):
    """The result of an info module: never changed."""
    result = dict(changed=False)
    result.update(values)
    return result
