# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/plugin_utils/_unsafe.py: provider data is marked so that Ansible never templates it."""


from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.certops.reseller.plugins.plugin_utils._unsafe import make_unsafe

TEMPLATE = "{{ lookup('pipe', 'id') }}"


def templatable(text):
    """A string Ansible templates: any plain one before ansible-core 2.19, one tagged as trusted from 2.19 on."""
    try:
        from ansible.template import trust_as_template
    except ImportError:
        return text
    return trust_as_template(text)


def test_a_string_from_the_provider_is_never_templated():
    templar = Templar(loader=DataLoader())
    assert templar.template(templatable('{{ 6 * 7 }}')) == 42, 'the test string is one Ansible templates'
    value = make_unsafe(templatable(TEMPLATE))
    assert value == TEMPLATE
    assert templar.template(value) == TEMPLATE


def test_nested_values_keys_and_other_types():
    data = make_unsafe({templatable('{{ key }}'): [templatable(TEMPLATE), 5, None, True, {'x': templatable('{{ 1 }}')}]})
    templar = Templar(loader=DataLoader())
    assert templar.template(data) == {'{{ key }}': [TEMPLATE, 5, None, True, {'x': '{{ 1 }}'}]}
    assert make_unsafe(None) is None and make_unsafe(3) == 3 and make_unsafe(2.5) == 2.5
