# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The report's path of an installed certificate is the plan's (settle_paths), not a copy of its rule."""


import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.certops.reseller.plugins.filter import certificate_path as plugin
from ansible_collections.certops.reseller.plugins.filter.certificate_path import FilterModule, certificate_path
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import settle_paths


def test_the_filter_is_registered():
    assert FilterModule().filters() == dict(certificate_path=certificate_path)


@pytest.mark.parametrize('item, cert_dir, expected', [
    (dict(common_name='www.example.com'), '/etc/ssl/certs', '/etc/ssl/certs/www.example.com.crt'),
    (dict(common_name='*.example.com'), '/srv/certs/', '/srv/certs/_wildcard.example.com.crt'),
    (dict(common_name='www.example.com', certificate_path='/opt/www.pem'), '/etc/ssl/certs', '/opt/www.pem'),
    (dict(common_name='WWW.Example.COM.'), '/etc/ssl/certs', '/etc/ssl/certs/www.example.com.crt'),
    (dict(common_name='www.example.com'), None, '/etc/ssl/certs/www.example.com.crt'),
    (dict(common_name='www.example.com'), '', '/etc/ssl/certs/www.example.com.crt'),
])
def test_the_path_is_the_plans(item, cert_dir, expected):
    assert certificate_path(item, cert_dir) == expected
    assert certificate_path(item, cert_dir) == settle_paths(item, dict(cert_dir=cert_dir or None))['certificate_path']


def test_a_name_the_role_refuses_gives_the_items_own_path_or_nothing():
    assert certificate_path(dict(common_name='no_dots', certificate_path='/opt/x.pem'), '/etc/ssl/certs') == '/opt/x.pem'
    assert certificate_path(dict(common_name='a.*.example.com'), '/etc/ssl/certs') == ''
    assert certificate_path(dict(), '/etc/ssl/certs') == ''


def test_no_item_is_a_clear_error():
    with pytest.raises(AnsibleFilterError, match='expects an item'):
        certificate_path('www.example.com', '/etc/ssl/certs')


def test_the_documentation_parses():
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'certificate_path'
    assert set(doc['options']) == {'_input', 'cert_dir'}
    assert yaml.safe_load(plugin.EXAMPLES) and yaml.safe_load(plugin.RETURN)['_value']['type'] == 'str'
