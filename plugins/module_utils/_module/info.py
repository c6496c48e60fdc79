# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Helpers shared by the read-only ``*_info`` modules: capability checks and shaping (paging is ``_paging``).

Nothing here writes anything; every function only reads through the provider.
"""


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
