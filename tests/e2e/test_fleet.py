# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin certops.reseller.certificates, through ansible-inventory, against the sandbox on all three
flavours (AutoDNS JSON, AutoDNS XML, SSL247), with certificates spread over the expiry windows by the sandbox clock."""

import json
import os
import re
import shutil
import subprocess
import sys

from html.parser import HTMLParser

import pytest
import yaml

import fleet
import lab as lab_module


def ansible_inventory(source, *args):
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', lab_module._collections_path())
    # The default enabled plugins: the 'auto' plugin finds certops.reseller.certificates by the source's plugin: line.
    env.pop('ANSIBLE_INVENTORY_ENABLED', None)
    env.update({'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True'})
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
            # the paid term beside the expiry: AutoDNS payable (JSON and XML alike), SSL247 order date + years
            assert entry['term_end'] and variables['certops_term_end'] == entry['term_end']
            assert variables['certops_term_days_remaining'] == entry['term_days_remaining']
            for group in fleet.expected_term_groups(entry['term_days_remaining']):
                assert host in data[group]['hosts']
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


# -- the HTML report in headless Chromium ---------------------------------------------------------

def chromium():
    for name in ('chromium', 'chromium-browser'):
        path = lab_module.find_program(name)
        if path:
            return path
    raise AssertionError('chromium is missing; scripts/setup.sh apt-installs the Debian package chromium')


def run_chromium(*args):
    command = [chromium(), '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
               '--no-first-run', '--hide-scrollbars'] + list(args)
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class DomCount(HTMLParser):
    """Counts, in a DOM Chromium dumped after running the page's script: table rows (and the hidden ones),
    timeline marks, and reads the 'shown' counter and the body's data-ready flag."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.rows = []
        self.marks = []
        self.term_marks = []
        self.ready = None
        self.shown = None
        self._in_shown = False
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get('class') or '').split()
        if tag == 'body':
            self.ready = attrs.get('data-ready')
        if tag == 'tr' and 'cert' in classes:
            self.rows.append(attrs)
        if tag == 'circle' and 'mark' in classes:
            self.marks.append(attrs)
        if tag == 'path' and 'term-mark' in classes:
            self.term_marks.append(attrs)
        if tag == 'span' and attrs.get('id') == 'shown':
            self._in_shown = True
        for key in ('src', 'href'):
            value = attrs.get(key) or ''
            if value and not value.startswith('#'):
                self.external.append(value)

    def handle_data(self, data):
        if self._in_shown:
            self.shown = int(data)
            self._in_shown = False


def write_pem(path, certificate):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        handle.write(certificate.certificate)
    return path


def test_report_in_headless_chromium(sandbox_fleet, tmp_path):
    sandbox, certificates, workdir = sandbox_fleet
    connections = fleet.connections(sandbox.url)
    report_dir = tmp_path / 'reports'
    hosts_dir = tmp_path / 'hosts'
    autodns_json = fleet.provider_for(sandbox.url, 'autodns_json')
    ssl247 = fleet.provider_for(sandbox.url, 'ssl247')

    def item(name, connection, host):
        return {'common_name': fleet.fqdn(name), 'connection': connection,
                'certificate_path': str(hosts_dir / host / (fleet.fqdn(name) + '.crt'))}

    web1 = [item('soon', 'autodns_json', 'web1'), item('month', 'autodns_json', 'web1')]
    web2 = [item('quarter', 'ssl247', 'web2'), item('absent', 'autodns_json', 'web2')]
    # soon and quarter carry their own certificate; month carries fresh's (a serial mismatch); absent is nowhere.
    write_pem(web1[0]['certificate_path'], autodns_json.get_certificate(certificates['soon']['id']))
    write_pem(web1[1]['certificate_path'], autodns_json.get_certificate(certificates['fresh']['id']))
    write_pem(web2[0]['certificate_path'], ssl247.get_certificate(certificates['quarter']['id']))
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(yaml.safe_dump({'all': {
        'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                 'certificate_connections': connections},
        'children': {'webservers': {'hosts': {'web1': {'certops_certificates': web1},
                                              'web2': {'certops_certificates': web2}}}}}}))
    report_dir.mkdir()
    last_run = {'generated': '2026-12-01T06:00:00Z', 'certificates': [
        {'connection': 'autodns_json', 'common_name': fleet.fqdn('soon'), 'names': [fleet.fqdn('soon')],
         'hosts': ['web1'], 'action': 'renew', 'result': 'changed', 'message': 'renewed into the same id'},
        {'connection': 'ssl247', 'common_name': fleet.fqdn('quarter'), 'names': [fleet.fqdn('quarter')],
         'hosts': ['web2'], 'action': 'deploy', 'result': 'ok', 'message': 'deployed'},
    ]}
    (report_dir / 'last-run.json').write_text(json.dumps(last_run))
    now = sandbox.api('GET', '/_sandbox/clock')['now']
    sandbox.clear_requests()
    code, output, recap = lab_module.run_playbook(
        os.path.join(lab_module.ROOT, 'playbooks', 'report.yml'), str(inventory),
        extra_args=['-e', json.dumps({'certops_report_dir': str(report_dir), 'certops_report_now': now,
                                      'certops_report_hosts': 'webservers'})])
    assert code == 0, output
    assert not [r for r in sandbox.requests() if r['mutating']], 'the report only reads'
    html_path = report_dir / 'certops-report.html'
    data = json.loads((report_dir / 'certops-report.json').read_text())

    # What the sandbox holds: every AutoDNS certificate through JSON and through XML, every SSL247 one once.
    expected = set()
    for name, entry in certificates.items():
        for connection in (['autodns_json', 'autodns_xml'] if entry['connection'] == 'autodns_json' else ['ssl247']):
            expected.add((connection, entry['id'], fleet.fqdn(name), entry['days_remaining']))
    reseller = set((row['connection'], row['id'], row['common_name'], row['days_remaining'])
                   for row in data['certificates'] if row['source'] == 'reseller')
    assert reseller == expected
    # both dates per certificate, on all three flavours
    terms = set((row['connection'], row['id'], row['term_end'], row['term_days_remaining'])
                for row in data['certificates'] if row['source'] == 'reseller')
    assert terms == set((connection, entry['id'], entry['term_end'], entry['term_days_remaining'])
                        for name, entry in certificates.items()
                        for connection in (['autodns_json', 'autodns_xml'] if entry['connection'] == 'autodns_json'
                                           else ['ssl247']))
    by_key = dict(((row['connection'], row['common_name']), row) for row in data['certificates'])
    assert [d['host'] for d in by_key[('autodns_json', fleet.fqdn('soon'))]['deployments']] == ['web1']
    assert by_key[('autodns_json', fleet.fqdn('soon'))]['serial_match'] == 'match'
    assert by_key[('autodns_json', fleet.fqdn('soon'))]['last_run']['action'] == 'renew'
    assert by_key[('autodns_xml', fleet.fqdn('soon'))]['deployments'] == []
    assert by_key[('autodns_json', fleet.fqdn('month'))]['serial_match'] == 'mismatch'
    assert by_key[('ssl247', fleet.fqdn('quarter'))]['serial_match'] == 'match'
    assert by_key[('ssl247', fleet.fqdn('quarter'))]['last_run']['action'] == 'deploy'
    assert by_key[('autodns_json', fleet.fqdn('absent'))]['source'] == 'host'
    assert by_key[('autodns_json', fleet.fqdn('absent'))]['serial_match'] == 'not at reseller'
    assert by_key[('ssl247', fleet.fqdn('calm'))]['last_run'] is None
    rows_total = len(expected) + 1
    dated = len(expected)   # the absent certificate has no expiry

    dom = DomCount()
    dom.feed(run_chromium('--dump-dom', html_path.as_uri()))
    assert dom.ready == 'true', 'the page script ran'
    assert dom.external == [], 'the page loads nothing from elsewhere'
    assert len(dom.rows) == rows_total and dom.shown == rows_total
    assert len(dom.marks) == dated
    assert sorted(m['data-row'] for m in dom.marks) == sorted(r['id'] for r in dom.rows if r['data-source'] == 'reseller')
    assert sorted(m['data-row'] for m in dom.term_marks) == sorted(m['data-row'] for m in dom.marks)   # a term end each
    last_cells = re.findall(r'<td data-sort="([^"]*)"><span title="[^"]*">[^<]*</span></td></tr>', html_path.read_text())
    assert last_cells.count('\u2014') == rows_total - 2 and 'renew (changed)' in last_cells

    # The filter, driven by the address: only what expires within 30 days (expired ones excluded).
    filtered = DomCount()
    filtered.feed(run_chromium('--dump-dom', html_path.as_uri() + '#window=expiring_30d'))
    within_30 = len([key for key in expected if 0 <= key[3] <= 30])
    assert filtered.shown == within_30
    assert len([row for row in filtered.rows if 'hidden' not in row]) == within_30

    screenshot = tmp_path / 'report.png'
    run_chromium('--screenshot=%s' % screenshot, '--window-size=1400,1600', html_path.as_uri())
    assert screenshot.stat().st_size > 10000
    assert screenshot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    keep = os.environ.get('CERTOPS_REPORT_SCREENSHOT')
    if keep:
        shutil.copyfile(str(screenshot), keep)
        shutil.copyfile(str(html_path), os.path.splitext(keep)[0] + '.html')
    print('report: %d rows, %d chart marks, %d term marks, %d within 30 days, screenshot %d bytes'
          % (len(dom.rows), len(dom.marks), len(dom.term_marks), within_30, screenshot.stat().st_size))
    print('terms: ' + ', '.join('%s/%s expires %s (%s d), term %s (%s d)' % (
        row['connection'], row['common_name'].split('.')[0], (row['not_after'] or '')[:10], row['days_remaining'],
        (row['term_end'] or '')[:10], row['term_days_remaining'])
        for row in data['certificates'] if row['source'] == 'reseller'))
