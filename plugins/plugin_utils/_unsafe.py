# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Data from a provider is never a template: ``make_unsafe`` marks it so before it becomes a variable.

A certificate's product, serial number or name comes from the reseller's API. Ansible templates the strings it
trusts, so a value such as ``{{ lookup('pipe', 'id') }}`` coming back from the API would run on the controller the
first time a play, a ``compose`` expression or ``ansible-inventory`` looked at it.

ansible-core before 2.19 trusts every plain string; ``wrap_var`` makes it an ``AnsibleUnsafeText``.  From 2.19
on (data tagging) only strings tagged ``TrustedAsTemplate`` are templated and ``wrap_var`` removes that tag, so
the same call is right on every core the collection supports.
"""


try:
    from ansible.utils.unsafe_proxy import wrap_var as _wrap_var
except ImportError:   # a core without the unsafe proxy: data tagging, where untagged data is never templated
    _wrap_var = None


def make_unsafe(value):
    """``value`` with every string in it (also keys, list items, nested values) marked as not to be templated."""
    if _wrap_var is None:
        return value
    return _wrap_var(value)
