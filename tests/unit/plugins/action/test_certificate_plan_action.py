# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.certops.reseller.plugins.action import certificate_plan


def test_dns_secret_is_left_out_of_the_declarations():
    item = dict(common_name='a.test', dns=dict(server='ns', key_secret='s3cret'))
    clean = certificate_plan.without_secrets(item)
    assert clean == dict(common_name='a.test', dns=dict(server='ns'))
    assert item['dns']['key_secret'] == 's3cret'     # the inventory's own value is untouched


def test_connection_options_take_the_environment_then_the_defaults(monkeypatch):
    monkeypatch.setenv('CERTOPS_PROVIDER', 'ssl247')
    monkeypatch.setenv('CERTOPS_API_KEY', 'from-env')
    monkeypatch.delenv('CERTOPS_USERNAME', raising=False)
    params = certificate_plan.connection_options(dict(username='task-user'))
    assert params['provider'] == 'ssl247' and params['api_key'] == 'from-env'
    assert params['username'] == 'task-user'
    assert params['api_format'] == 'json' and params['validate_certs'] is True and params['timeout'] == 60
