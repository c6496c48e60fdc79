# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/site.yml end to end: real BIND (TSIG dynamic updates), the sandbox with real DCV checks, real nginx.

The tests run in file order and share one lab: first run, no-change run, check mode, a free reissue after the
clock moved, and a DCV record that never appears.
"""

import datetime
import json
import os
import stat

import lab as lab_module
from conftest import BROKEN, CERTIFICATES, HOSTED, HOSTED_ZONE, HOSTS, REMAINING_DAYS, SANS


def _assert_ok(code, output):
    assert code == 0, 'ansible-playbook failed (exit %d):\n%s' % (code, output[-6000:])


def _served_names(e2e):
    for name in sorted(CERTIFICATES):
        for server_name in [name] + SANS.get(name, []):
            yield name, e2e.fqdn(server_name)


def _dcv_records(e2e):
    return [record for record in e2e.lab.bind.records('TXT') if record[0].startswith('_dnsauth.')]


def _hosted_dcv_records(e2e):
    """DCV records the role published through the AutoDNS zone API and left in the zone hosted at the sandbox."""
    zone = e2e.lab.sandbox.api('GET', '/_sandbox/zones/%s' % HOSTED_ZONE)
    zone = zone.get('data', zone) if isinstance(zone, dict) else zone
    assert isinstance(zone, dict) and 'records' in zone, 'the sandbox does not show the hosted zone %s: %r' % (HOSTED_ZONE, zone)
    published_by_role = ['_dnsauth.%s' % name for name, settings in HOSTED.items() if settings['backend'] == 'autodns']
    return [record for record in zone['records'] if record.get('name') in published_by_role]


def _mutating_calls(e2e):
    return [entry for entry in e2e.lab.sandbox.requests() if entry.get('mutating')]


def _sandbox_attime(e2e):
    """The sandbox's clock as a UNIX time (certificates issued after the clock moved start in the future)."""
    now = e2e.lab.sandbox.api('GET', '/_sandbox/clock')['now']
    return int(datetime.datetime.fromisoformat(now.replace('Z', '+00:00')).timestamp())


def test_check_mode_on_fresh_hosts_orders_and_writes_nothing(e2e):
    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run(check=True)
    _assert_ok(code, output)
    assert _mutating_calls(e2e) == []
    for name in CERTIFICATES:
        for path in e2e.paths(name).values():
            assert not os.path.exists(path), path
        assert not os.path.exists(e2e.paths(name)['key'] + '.certops-new')
    assert output.count('check mode: would order') == len(CERTIFICATES), output[-6000:]


def test_first_run_orders_validates_deploys_and_nginx_serves(e2e):
    code, output, recap = e2e.run(extra_vars={'certificate_check_endpoint': False})
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] > 0, output[-6000:]

    creates = [entry for entry in _mutating_calls(e2e)
               if entry['operation'] in ('400101', '/order/certificate/place-quick-order', '/order/certificate/place-order')]
    assert len(creates) == len(CERTIFICATES), creates

    for name in CERTIFICATES:
        paths = e2e.paths(name)
        for path in paths.values():
            assert os.path.isfile(path), path
        assert stat.S_IMODE(os.stat(paths['key']).st_mode) == 0o600
        assert not os.path.exists(paths['key'] + '.certops-new')
        assert not os.listdir(os.path.join(e2e.webroot(name), '.well-known', 'pki-validation')) \
            if os.path.isdir(os.path.join(e2e.webroot(name), '.well-known', 'pki-validation')) else True
    assert _dcv_records(e2e) == []
    assert _hosted_dcv_records(e2e) == []

    e2e.lab.nginx.reload()
    for name, server_name in _served_names(e2e):
        served = lab_module.served_certificate(e2e.lab.nginx.https_port, server_name, e2e.ca_file)
        assert served['verified'], served['output']
        assert served['serial'] == lab_module.certificate_serial(e2e.paths(name)['certificate'])
    e2e.first_serials = {name: lab_module.certificate_serial(e2e.paths(name)['certificate']) for name in CERTIFICATES}


def test_second_run_changes_nothing_and_writes_nothing(e2e):
    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run()
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] == 0, output[-6000:]
    assert _mutating_calls(e2e) == []
    assert {name: lab_module.certificate_serial(e2e.paths(name)['certificate']) for name in CERTIFICATES} == e2e.first_serials


def test_check_mode_orders_nothing(e2e):
    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run(check=True)
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] == 0, output[-6000:]
    assert _mutating_calls(e2e) == []


def test_clock_moved_reissues_inside_the_term_and_redeploys(e2e):
    # Since CA/B Forum SC-081v3 the sandbox issues no certificate longer than the day allows (200 days now): a
    # 12-month term outlives its first certificate, so 140 days later (60 days left, remaining_days 70) the scheduled
    # job reissues each certificate for free inside its term (term renewals at the term's end: tests/e2e/test_terms.py).
    e2e.lab.sandbox.advance_clock(140)
    attime = _sandbox_attime(e2e)
    valid_at = datetime.datetime.fromtimestamp(attime, datetime.timezone.utc).strftime('%Y%m%d%H%M%SZ')
    e2e.lab.sandbox.clear_requests()
    # The scheduled job: playbooks/renew.yml keeps what is due valid (and would order nothing new).
    # -vvv: the run that publishes DCV records through TSIG-signed updates must not show the TSIG secret
    code, output, recap = e2e.run('renew.yml', extra_vars={'deploy_valid_at': valid_at}, verbosity=3)
    assert e2e.lab.bind.key_secret not in output
    assert 'sandbox-key' not in output
    _assert_ok(code, output)
    reissues = [entry for entry in _mutating_calls(e2e) if entry['operation'] in ('400102', '/certificate/{id}/reissue')]
    paid = [entry for entry in _mutating_calls(e2e) if 'renew' in entry['operation'] or entry['operation'] in (
        '400101', '400106', '/order/certificate/place-quick-order', '/order/certificate/place-order')]
    assert len(reissues) == len(CERTIFICATES) and paid == [], (
        'after the sandbox clock moved 140 days every certificate has about 60 days left (remaining_days is %d) and '
        'its term about 225, so each must be reissued for free and nothing paid; mutating calls seen: %r'
        % (REMAINING_DAYS, _mutating_calls(e2e)))
    for name, server_name in _served_names(e2e):
        deployed = lab_module.certificate_serial(e2e.paths(name)['certificate'])
        assert deployed != e2e.first_serials[name], name
        # The handler reloaded nginx and the role checked the endpoint; check again from outside.
        served = lab_module.served_certificate(e2e.lab.nginx.https_port, server_name, e2e.ca_file, attime=attime)
        assert served['verified'], served['output']
        assert served['serial'] == deployed
    assert _dcv_records(e2e) == []

    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run(extra_vars={'deploy_valid_at': valid_at})
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] == 0, output[-6000:]
    assert _mutating_calls(e2e) == []


def _rewrite_inventory(e2e, change):
    import yaml
    with open(e2e.inventory) as handle:
        inventory = yaml.safe_load(handle)
    for host in inventory['all']['children']['webservers']['hosts'].values():
        for item in host['certops_certificates']:
            change(item)
    with open(e2e.inventory, 'w') as handle:
        yaml.safe_dump(inventory, handle, sort_keys=False)


def _key_details(path):
    import subprocess
    return subprocess.run(['openssl', 'pkey', '-in', path, '-noout', '-text'], capture_output=True, text=True, check=True).stdout


def test_changed_names_and_key_reissue_and_redeploy(e2e):
    """A new SAN on www (AutoDNS JSON) and a bigger RSA key on api (SSL247) make the next run reissue both."""
    attime = _sandbox_attime(e2e)
    valid_at = datetime.datetime.fromtimestamp(attime, datetime.timezone.utc).strftime('%Y%m%d%H%M%SZ')
    extra = e2e.fqdn('extra')
    before = {name: lab_module.certificate_serial(e2e.paths(name)['certificate']) for name in ('www', 'api')}
    old_api_key = open(e2e.paths('api')['key']).read()

    def change(item):
        if item['common_name'] == e2e.fqdn('www'):
            item['subject_alternative_names'] = item['subject_alternative_names'] + [extra]
        if item['common_name'] == e2e.fqdn('api'):
            item['key'] = {'type': 'RSA', 'size': 3072}
    _rewrite_inventory(e2e, change)
    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run(extra_vars={'deploy_valid_at': valid_at})
    _assert_ok(code, output)
    reissues = [entry for entry in _mutating_calls(e2e) if entry['operation'] in ('400102', '/certificate/{id}/reissue')]
    assert len(reissues) == 2, _mutating_calls(e2e)

    www = lab_module.served_certificate(e2e.lab.nginx.https_port, extra, e2e.ca_file, attime=attime)
    assert www['verified'], www['output']
    assert www['serial'] == lab_module.certificate_serial(e2e.paths('www')['certificate']) != before['www']
    assert 'DNS:%s' % extra in www['subject']

    api = lab_module.served_certificate(e2e.lab.nginx.https_port, e2e.fqdn('api'), e2e.ca_file, attime=attime)
    assert api['verified'], api['output']
    assert api['serial'] == lab_module.certificate_serial(e2e.paths('api')['certificate']) != before['api']
    assert open(e2e.paths('api')['key']).read() != old_api_key
    assert '3072 bit' in _key_details(e2e.paths('api')['key'])
    assert stat.S_IMODE(os.stat(e2e.paths('api')['key']).st_mode) == 0o600
    assert not os.path.exists(e2e.paths('api')['key'] + '.certops-new')
    assert _dcv_records(e2e) == []

    e2e.lab.sandbox.clear_requests()
    code, output, recap = e2e.run(extra_vars={'deploy_valid_at': valid_at})
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] == 0, output[-6000:]
    assert _mutating_calls(e2e) == []


def test_dcv_record_that_never_appears_fails_clearly_and_is_removed(e2e):
    code, output, recap = e2e.run(hosts='broken')
    assert code != 0, output[-6000:]
    assert recap['broken1']['failed'] == 1
    assert 'DCV records did not appear within 6 seconds' in output
    assert '_dnsauth.%s' % e2e.fqdn(BROKEN) in output
    assert _dcv_records(e2e) == []
    assert not os.path.exists(e2e.paths(BROKEN)['certificate'])


def test_report_lists_every_certificate_at_the_reseller_and_on_the_hosts(e2e):
    code, output, recap = e2e.run('report.yml', hosts='webservers')
    _assert_ok(code, output)
    for host in HOSTS:
        assert recap[host]['changed'] == 0
    for name in CERTIFICATES:
        fqdn = e2e.fqdn(name)
        serial = lab_module.certificate_serial(e2e.paths(name)['certificate']).lstrip('0')
        assert any(('reseller:' in line and fqdn in line and 'issued' in line and serial in line.upper())
                   for line in output.splitlines()), fqdn
        assert any((CERTIFICATES[name][0] in line and fqdn in line and 'installed' in line and serial in line)
                   for line in output.splitlines()), fqdn
    assert 'broken1' not in output
    # The same in the JSON beside the HTML report: each certificate deployed on its host, the serials matching.
    with open(os.path.join(e2e.workdir, 'reports', 'certops-report.json')) as handle:
        rows = json.load(handle)['certificates']
    for name, (host, connection, _method, _product) in CERTIFICATES.items():
        row = [r for r in rows if r['common_name'] == e2e.fqdn(name) and r['connection'] == connection
               and r['deployments']]
        assert [(d['host'], d['serial_match']) for r in row for d in r['deployments']] == [(host, True)], name
