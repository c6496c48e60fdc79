# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin certops.reseller.certificates, through ansible-inventory, against the sandbox on all three
flavours (AutoDNS JSON, AutoDNS XML, SSL247), with certificates spread over the expiry windows by the sandbox clock."""

import json
import os
import re
import subprocess

import pytest
import yaml

import fleet
import lab as lab_module


def ansible_inventory(source, *args):
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', lab_module._collections_path())
    env.update({'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True',
                'ANSIBLE_INVENTORY_ENABLED': 'certops.reseller.certificates'})
    for name in ('CERTOPS_PROVIDER', 'CERTOPS_USERNAME', 'CERTOPS_PASSWORD', 'CERTOPS_API_KEY', 'CERTOPS_API_URL',
                 'CERTOPS_API_FORMAT'):
        env.pop(name, None)
    command = [os.path.join(os.path.dirname(os.sys.executable), 'ansible-inventory'), '-i', source] + list(args)
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=os.path.dirname(source),
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def plain(value):
    """ansible-core marks strings that came from a plugin as untrusted in --list (``{"__ansible_unsafe": ...}``)."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def write_source(directory, name, options):
    path = os.path.join(directory, name)
    with open(path, 'w') as handle:
        yaml.safe_dump(dict(plugin='certops.reseller.certificates', **options), handle)
    return path


def parse_graph(text):
    """``--graph`` output -> {group: set(hosts)} (direct members only)."""
    groups = {}
    stack = []
    for line in text.splitlines():
        match = re.match(r'^([ |]*)--(@?)(.+?):?$', line)
        if not match:
            continue
        depth = len(match.group(1)) // 2
        name = match.group(3)
        stack = stack[:depth]
        if match.group(2):
            groups.setdefault(name, set())
            stack.append(name)
        elif stack:
            groups.setdefault(stack[-1], set()).add(name)
    return groups


@pytest.fixture(scope='module')
def sandbox_fleet(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp('fleet'))
    sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
    try:
        certificates = fleet.build(sandbox)
        yield sandbox, certificates, workdir
    finally:
        sandbox.stop()


def flavour_of(connection):
    return 'autodns' if connection.startswith('autodns') else 'ssl247'


@pytest.mark.parametrize('connection', ['autodns_json', 'autodns_xml', 'ssl247'])
def test_graph_shows_expiry_groups_per_flavour(sandbox_fleet, connection):
    sandbox, certificates, workdir = sandbox_fleet
    options = dict(fleet.connections(sandbox.url)[connection])
    source = write_source(workdir, '%s.certops.yml' % connection, options)
    graph = parse_graph(ansible_inventory(source, '--graph'))
    mine = dict((name, entry) for name, entry in certificates.items()
                if flavour_of(entry['connection']) == flavour_of(connection))
    assert mine, 'the fleet has certificates for %s' % connection
    for group in ('expiring_7d', 'expiring_30d', 'expiring_90d', 'expired'):
        expected = set('%s_default_%s' % (fleet.fqdn(name), entry['id']) for name, entry in mine.items()
                       if group in fleet.expected_groups(entry['days_remaining']))
        assert graph.get(group, set()) == expected, (group, graph)
    assert graph['provider_%s' % flavour_of(connection)] == set(
        '%s_default_%s' % (fleet.fqdn(name), entry['id']) for name, entry in mine.items())
    assert graph['connection_default'] == graph['provider_%s' % flavour_of(connection)]


def test_list_of_three_connections_in_one_source(sandbox_fleet):
    sandbox, certificates, workdir = sandbox_fleet
    connections = fleet.connections(sandbox.url)
    source = write_source(workdir, 'all.certops.yaml', dict(
        connections=[dict(name=name, **values) for name, values in sorted(connections.items())],
        page_size=2,   # several pages per AutoDNS connection
        keyed_groups=[dict(key='certops_product', prefix='sku')],
        compose=dict(ansible_connection="'local'", renew_soon='certops_days_remaining < 30'),
        groups=dict(ssl247_soon="certops_provider == 'ssl247' and certops_days_remaining < 30"),
    ))
    sandbox.clear_requests()
    data = plain(json.loads(ansible_inventory(source, '--list')))
    hostvars = data['_meta']['hostvars']
    autodns = [name for name, entry in certificates.items() if entry['connection'] == 'autodns_json']
    ssl247 = [name for name, entry in certificates.items() if entry['connection'] == 'ssl247']
    # Every AutoDNS certificate twice (JSON and XML read the same account), every SSL247 one once.
    assert len(hostvars) == 2 * len(autodns) + len(ssl247)
    for name, entry in certificates.items():
        for connection in (['autodns_json', 'autodns_xml'] if name in autodns else ['ssl247']):
            host = '%s_%s_%s' % (fleet.fqdn(name), connection, entry['id'])
            variables = hostvars[host]
            assert variables['certops_common_name'] == fleet.fqdn(name)
            assert variables['certops_names'] == [fleet.fqdn(name)]
            assert variables['certops_product'] == entry['product']
            assert variables['certops_status'] == ('expired' if entry['days_remaining'] < 0 else 'issued')
            assert variables['certops_days_remaining'] == entry['days_remaining']
            assert variables['certops_not_after'] == entry['not_after']
            assert variables['certops_provider'] == flavour_of(connection)
            assert variables['certops_connection'] == connection
            assert variables['ansible_connection'] == 'local'
            assert variables['renew_soon'] == (entry['days_remaining'] < 30)
            assert host in data['connection_%s' % connection]['hosts']
            assert host in data['sku_%s' % entry['product']]['hosts']
            for group in fleet.expected_groups(entry['days_remaining']):
                assert host in data[group]['hosts']
    assert set(data['ssl247_soon']['hosts']) == set(
        '%s_ssl247_%s' % (fleet.fqdn(name), certificates[name]['id']) for name in ssl247
        if certificates[name]['days_remaining'] < 30)
    # Paging: with 5 AutoDNS certificates and pages of 2, each AutoDNS connection listed 3 pages.
    requests = sandbox.requests()
    lists = [r for r in requests if r['provider'] == 'autodns' and r.get('operation') == '400105']  # certificate list
    assert not [r for r in requests if r['mutating']], 'the inventory only reads'
    assert len([r for r in lists if r['format'] == 'json']) == 3, lists
    assert len([r for r in lists if r['format'] == 'xml']) == 3, lists
    # SSL247's list is a summary: one list call, then one detail call per certificate.
    ssl247_calls = [r for r in requests if r['provider'] == 'ssl247']
    assert len(ssl247_calls) == 1 + len(ssl247), [(r['operation'], r['path']) for r in ssl247_calls]
