# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AutoDNS XML gateway's codec: request documents (the provider's round trips are in test_xml_api.py)."""


import pytest
import xmltodict

from ansible_collections.certops.reseller.plugins.module_utils import _errors
from ansible_collections.certops.reseller.plugins.module_utils._autodns import xml_codec


def parse_request(body):
    return xmltodict.parse(body, disable_entities=True)['request']


def test_build_request_escapes_and_cdata_fallback():
    text = xml_codec.build_request('u', 'p', 4, '400101', {'certificate': {'name': '<x>&"', 'csr': 'a]]>b'}})
    parsed = parse_request(text)
    assert parsed['task']['certificate'] == {'name': '<x>&"', 'csr': 'a]]>b'}


def test_build_where_refuses_json_operator_names():
    """Running List Inquiries lists only eq ne like gt lt ge le; EQUAL is the JSON API's Operator."""
    with pytest.raises(_errors.InputError) as caught:
        xml_codec.build_where([('name', 'EQUAL', 'example.com')])
    assert 'eq, ne, like, gt, lt, ge, le' in str(caught.value)
