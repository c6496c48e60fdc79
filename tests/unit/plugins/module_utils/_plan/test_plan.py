# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.certops.reseller.plugins.module_utils._csr import public_key_fingerprint
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate, Job
from ansible_collections.certops.reseller.plugins.module_utils._plan import plan, spending
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    Capabilities,
    CertificateOrders,
    JobOrders,
    Provider,
)

NOW = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)


def pem(key, names, serial, days=300):
    start = NOW - datetime.timedelta(days=10)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'CA')]))
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(start).not_valid_after(NOW + datetime.timedelta(days=days))
               .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False))
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode('ascii')


def iso(days):
    return (NOW + datetime.timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


class FakeAutoDNS(JobOrders, Provider):
    """Batched lookups like AutoDNS JSON; every call recorded."""
    name = 'autodns'
    capabilities = Capabilities()

    def __init__(self, certificates=(), jobs=()):
        super(FakeAutoDNS, self).__init__(http=None, settings=None)
        self.certificates = list(certificates)
        self.jobs = list(jobs)
        self.calls = []

    def list_certificates_by_names(self, common_names):
        assert len(common_names) <= 100
        self.calls.append(('list_certificates_by_names', len(common_names)))
        return [c for c in self.certificates if c.common_name in common_names]

    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        self.calls.append(('list_jobs',))
        return list(self.jobs), len(self.jobs)

    def get_certificate(self, certificate_id, include_pem=True):
        self.calls.append(('get_certificate', certificate_id))
        return [c for c in self.certificates if c.id == certificate_id][0]


class FakeSSL247(CertificateOrders, Provider):
    """Shallow list (id, name, status), details on demand, names cannot change by reissue."""
    name = 'ssl247'
    capabilities = Capabilities(lifetime_unit='year', jobs_are_certificates=True, order_validation=True,
                                reissue_changes_names=False)

    def __init__(self, certificates=()):
        super(FakeSSL247, self).__init__(http=None, settings=None)
        self.full = list(certificates)
        self.calls = []

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self.calls.append(('list_certificates',))
        shallow = [Certificate(id=c.id, common_name=c.common_name, subject_alternative_names=[c.common_name],
                               status=c.status, job_id=c.id) for c in self.full]
        return shallow, len(shallow)

    def get_certificate(self, certificate_id, include_pem=True):
        self.calls.append(('get_certificate', certificate_id))
        return [c for c in self.full if c.id == certificate_id][0]

    def validate_order(self, request):
        self.calls.append(('validate_order',))
        return dict(valid=True, price=42.5, currency='EUR')


def issued(cid, key, names, serial, days=300, with_pem=True):
    return Certificate(id=cid, common_name=names[0], subject_alternative_names=list(names), status='issued',
                       not_after=iso(days), serial_number='%x' % serial,
                       certificate=pem(key, names, serial, days) if with_pem else None)


def key_facts(key, path='/etc/ssl/private/x.key'):
    if isinstance(key, rsa.RSAPrivateKey):
        kind = dict(type='RSA', curve=None, size=key.key_size)
    else:
        kind = dict(type='ECC', curve=key.curve.name, size=key.curve.key_size)
    return dict(path=path, exists=True, public_key_fingerprint=public_key_fingerprint(key.public_key()), **kind)


def host_state(key=None, names=None, serial=None, days=300, pending=None):
    """One inspection entry: what a host holds for one item."""
    missing = dict(exists=False)
    entry = dict(key=key_facts(key) if key else missing, pending_key=key_facts(pending) if pending else missing,
                 certificate=missing, chain=missing, fullchain=missing)
    if names is not None:
        cert = dict(exists=True, serial_number='%x' % serial, names=list(names), not_after=iso(days),
                    public_key_fingerprint=public_key_fingerprint(key.public_key()))
        entry.update(certificate=cert, chain=dict(exists=True), fullchain=dict(exists=True))
    return entry


POOL = dict(common_name='www.pool.test', subject_alternative_names=['pool.test'])
SOLO = dict(common_name='solo.test')
ACTIONS = ['order', 'reissue', 'renew']


def run(provider, declarations, inspections, inventory=None, actions=None, defaults=None):
    actions = ACTIONS if actions is None else actions
    inventory = inventory or sorted(declarations)
    return plan.make_plan(inventory, declarations, inspections, defaults or {}, actions, {'': provider}, now=NOW)


def by_name(result):
    return dict((e['common_name'], e) for e in result['certificates'])


@pytest.fixture(scope='module')
def pool_key():
    return ec.generate_private_key(ec.SECP256R1())


# -- grouping -----------------------------------------------------------------------------------

def test_a_pool_is_one_certificate_with_the_first_declaring_host_as_key_host():
    provider = FakeAutoDNS()
    declarations = dict(web2=[POOL], web1=[POOL, SOLO], web3=[dict(POOL, subject_alternative_names=['POOL.test'])])
    result = run(provider, declarations, dict((h, [host_state()] * 2) for h in declarations),
                 inventory=['web1', 'web2', 'web3'])
    entries = by_name(result)
    assert len(result['certificates']) == 2
    pool = entries['www.pool.test']
    assert pool['hosts'] == ['web1', 'web2', 'web3']
    assert pool['action'] == 'order' and pool['key_host'] == 'web1' and pool['lead_host'] == 'web1'
    assert pool['key_source'] == dict(host='web1', path='/etc/ssl/private/www.pool.test.key.certops-new')
    assert pool['key_copy_hosts'] == ['web2', 'web3']
    assert pool['deploy_hosts'] == ['web1', 'web2', 'web3']
    assert result['hosts']['web1']['lead'] == [pool['id'], entries['solo.test']['id']]
    assert result['hosts']['web3'] == dict(lead=[], deploy=[pool['id']])
    # one batched search for both names, one job search
    assert provider.calls == [('list_certificates_by_names', 2), ('list_jobs',)]


def test_named_key_host_is_the_key_host_of_the_pool():
    declarations = dict(web1=[POOL], web2=[dict(POOL, key_host='web2')])
    result = run(FakeAutoDNS(), declarations, dict((h, [host_state()]) for h in declarations),
                 inventory=['web1', 'web2'])
    assert [e['key_host'] for e in result['certificates']] == ['web2']
    assert result['certificates'][0]['hosts'] == ['web1', 'web2']


def test_pool_hosts_with_different_products_are_blocked_with_one_sentence():
    declarations = dict(web1=[POOL], web2=[POOL], web3=[dict(POOL, product='OTHER')])
    result = run(FakeAutoDNS(), declarations, dict((h, [host_state()]) for h in declarations),
                 inventory=['web1', 'web2', 'web3'])
    assert len(result['certificates']) == 1
    entry = result['certificates'][0]
    assert entry['action'] == 'blocked' and entry['hosts'] == ['web1', 'web2', 'web3']
    assert entry['reason'] == (
        "www.pool.test is one certificate, but its hosts disagree on certificate_product or the item's product: "
        "web1, web2 give '' (the provider's default); web3 gives 'OTHER'; give them one value")


def test_pool_hosts_with_different_keys_are_blocked_with_a_reason():
    declarations = dict(web1=[POOL], web2=[dict(POOL, key=dict(type='RSA', size=2048))])
    entry = run(FakeAutoDNS(), declarations, dict((h, [host_state()]) for h in declarations))['certificates'][0]
    assert entry['action'] == 'blocked'
    assert entry['reason'] == (
        "www.pool.test is one certificate, but its hosts disagree on certificate_key or the item's key: "
        "web1 gives ECC secp256r1; web2 gives RSA 2048; give them one value")


def test_bad_item_names_host():
    with pytest.raises(InputError, match='web1: .*key.type'):
        run(FakeAutoDNS(), dict(web1=[dict(common_name='a.test', key=dict(type='DSA'))]), dict(web1=[{}]))


# -- batched lookups ------------------------------------------------------------------------------

def test_lookups_are_batched_within_budget():
    names = ['h%03d.test' % i for i in range(250)]
    provider = FakeAutoDNS()
    declarations = dict(('host%03d' % i, [dict(common_name=name)]) for i, name in enumerate(names))
    result = run(provider, declarations, dict((h, [host_state()]) for h in declarations))
    assert len(provider.calls) == 4 <= plan.lookup_budget(250) == 5
    assert [c[1] for c in provider.calls[:3]] == [100, 100, 50]
    assert all(e['action'] == 'order' for e in result['certificates'])


def test_no_change_run_reads_only_the_batch(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    declarations = dict(web1=[POOL], web2=[POOL], web3=[POOL])
    state = host_state(pool_key, names, 0x51)
    result = run(provider, declarations, dict((h, [state]) for h in declarations))
    entry = result['certificates'][0]
    assert entry['action'] == 'none'
    assert result['hosts'] == {}
    assert [c[0] for c in provider.calls] == ['list_certificates_by_names', 'list_jobs']


def test_ssl247_no_change_needs_only_the_list(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeSSL247([issued('9', pool_key, names, 0x51)])
    state = host_state(pool_key, names, 0x51)
    result = run(provider, dict(web1=[POOL], web2=[POOL]), dict(web1=[state], web2=[state]))
    assert result['certificates'][0]['action'] == 'none'
    assert provider.calls == [('list_certificates',)]


# -- decisions ----------------------------------------------------------------------------------------

def test_new_host_in_the_pool_gets_key_and_certificate_deployed(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    state = host_state(pool_key, names, 0x51)
    result = run(provider, dict(web1=[POOL], web2=[POOL], web3=[POOL]),
                 dict(web1=[state], web2=[state], web3=[host_state()]))
    entry = result['certificates'][0]
    assert entry['action'] == 'deploy'
    assert entry['deploy_hosts'] == ['web3'] and entry['key_copy_hosts'] == ['web3']
    assert entry['key_source'] == dict(host='web1', path='/etc/ssl/private/www.pool.test.key')
    assert entry['lead_host'] == 'web1' and entry['certificate_id'] == '7'
    assert result['hosts'] == dict(web1=dict(lead=[entry['id']], deploy=[]), web3=dict(lead=[], deploy=[entry['id']]))


def test_key_held_only_by_another_pool_host_is_the_source(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    result = run(provider, dict(web1=[POOL], web2=[POOL]),
                 dict(web1=[host_state()], web2=[host_state(pool_key, names, 0x51)]))
    entry = result['certificates'][0]
    assert entry['action'] == 'deploy'
    assert entry['key_source']['host'] == 'web2'
    assert entry['key_copy_hosts'] == ['web1']


def test_lost_key_reissues(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    other = ec.generate_private_key(ec.SECP256R1())
    result = run(provider, dict(web1=[POOL]), dict(web1=[host_state(other)]))
    entry = result['certificates'][0]
    assert entry['action'] == 'reissue' and 'no host of the pool holds the key' in entry['reason']
    assert entry['new_key'] is True


def test_key_type_change_reissues_once_for_the_pool(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    state = host_state(pool_key, names, 0x51)
    rsa_pool = dict(POOL, key=dict(type='RSA', size=2048))
    result = run(provider, dict(web1=[rsa_pool], web2=[rsa_pool], web3=[rsa_pool]),
                 dict(web1=[state], web2=[state], web3=[state]))
    entry = result['certificates'][0]
    assert entry['action'] == 'reissue'
    assert entry['reason'] == 'the key changes from ECC secp256r1 to RSA 2048'
    assert entry['lead_host'] == 'web1' and entry['deploy_hosts'] == ['web1', 'web2', 'web3']
    assert result['hosts']['web2'] == dict(lead=[], deploy=[entry['id']])


def test_names_change_reissues_on_autodns(pool_key):
    provider = FakeAutoDNS([issued('7', pool_key, ['www.pool.test'], 0x51)])
    state = host_state(pool_key, ['www.pool.test'], 0x51)
    entry = run(provider, dict(web1=[POOL]), dict(web1=[state]))['certificates'][0]
    assert entry['action'] == 'reissue'
    assert entry['reason'] == 'names change from www.pool.test to pool.test, www.pool.test'


def test_names_change_on_ssl247_is_blocked_without_replace(pool_key):
    provider = FakeSSL247([issued('9', pool_key, ['www.pool.test'], 0x51)])
    state = host_state(pool_key, ['www.pool.test'], 0x51)
    entry = run(provider, dict(web1=[POOL]), dict(web1=[state]))['certificates'][0]
    assert entry['action'] == 'blocked'
    assert 'add replace to certificate_actions' in entry['reason']
    assert entry['lead_host'] is None
    assert ('get_certificate', '9') in provider.calls
    entry = run(provider, dict(web1=[POOL]), dict(web1=[state]), actions=ACTIONS + ['replace'])['certificates'][0]
    assert entry['action'] == 'replace' and entry['new_key'] is True and entry['lead_host'] == 'web1'


def test_due_certificate_renews_with_the_existing_key(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51, days=20)])
    state = host_state(pool_key, names, 0x51, days=20)
    entry = run(provider, dict(web1=[POOL], web2=[POOL]), dict(web1=[state], web2=[state]))['certificates'][0]
    assert entry['action'] == 'renew' and entry['new_key'] is False
    assert entry['key_source'] == dict(host='web1', path='/etc/ssl/private/www.pool.test.key')
    assert entry['key_copy_hosts'] == []


def test_running_job_is_resumed_not_ordered(pool_key):
    provider = FakeAutoDNS(jobs=[Job(id='J1', status='running', object='www.pool.test', certificate_id=None)])
    result = run(provider, dict(web1=[POOL], web2=[POOL]),
                 dict(web1=[host_state(pending=pool_key)], web2=[host_state()]))
    entry = result['certificates'][0]
    assert entry['action'] == 'resume' and entry['job_id'] == 'J1'
    assert entry['key_source'] == dict(host='web1', path='/etc/ssl/private/www.pool.test.key.certops-new')
    assert entry['key_copy_hosts'] == ['web2']


def test_pending_ssl247_certificate_is_resumed():
    provider = FakeSSL247([Certificate(id='12', common_name='www.pool.test', status='pending')])
    entry = run(provider, dict(web1=[POOL]), dict(web1=[host_state()]))['certificates'][0]
    assert entry['action'] == 'resume' and entry['job_id'] == '12' and entry['certificate_id'] == '12'


def test_actions_not_allowed_leave_it_alone(pool_key):
    provider = FakeAutoDNS()
    result = run(provider, dict(web1=[POOL]), dict(web1=[host_state()]), actions=['renew'])
    entry = result['certificates'][0]
    assert entry['action'] == 'order' and entry['allowed'] is False
    assert 'does not allow order' in entry['reason']
    assert result['hosts'] == {}


def test_key_host_outside_the_play_keeps_the_key(pool_key):
    """An AWX slice: web1 (key host) is in another slice; web2 gets the certificate and the key from web1."""
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    result = run(provider, dict(web1=[POOL], web2=[POOL]), dict(web2=[host_state()]), inventory=['web1', 'web2'])
    entry = result['certificates'][0]
    assert entry['action'] == 'deploy'
    assert entry['key_source']['host'] == 'web1'
    assert entry['lead_host'] == 'web2' and entry['deploy_hosts'] == ['web2'] and entry['key_copy_hosts'] == ['web2']


def test_connection_that_cannot_be_built_blocks_only_its_certificates(pool_key):
    provider = FakeAutoDNS()
    result = plan.make_plan(['web1'], dict(web1=[POOL, dict(SOLO, connection='broken')]), dict(web1=[host_state()] * 2),
                            {}, ACTIONS, {'': provider, 'broken': InputError('connection broken is not defined')}, now=NOW)
    entries = by_name(result)
    assert entries['www.pool.test']['action'] == 'order'
    assert entries['solo.test']['action'] == 'blocked' and 'broken' in entries['solo.test']['reason']


def test_price_in_check_mode_on_ssl247():
    provider = FakeSSL247()
    result = run(provider, dict(web1=[POOL]), dict(web1=[host_state()]))
    spending.price_entries(result['certificates'], {'': provider})
    assert result['certificates'][0]['price'] == dict(value=42.5, currency='EUR')


def test_summary_table():
    result = run(FakeAutoDNS(), dict(web1=[POOL], web2=[POOL]), dict(web1=[host_state()], web2=[host_state()]))
    lines = plan.summary_lines(result['certificates'])
    assert lines[0].split() == ['certificate', 'hosts', 'action', 'reason']
    assert lines[1].startswith('www.pool.test  web1, web2  order ')


def test_certificates_without_a_host_in_the_play_are_not_planned():
    provider = FakeAutoDNS()
    result = run(provider, dict(web1=[POOL], other=[SOLO]), dict(web1=[host_state()]), inventory=['web1', 'other'])
    assert [e['common_name'] for e in result['certificates']] == ['www.pool.test']
    assert provider.calls[0] == ('list_certificates_by_names', 1)


def test_due_is_judged_by_the_providers_clock(pool_key):
    """The local clock says 300 days are left; the provider's clock is 290 days ahead: renew."""
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    state = host_state(pool_key, names, 0x51)
    later = NOW + datetime.timedelta(days=290)
    result = plan.make_plan(['web1'], dict(web1=[POOL]), dict(web1=[state]), {}, ACTIONS, {'': provider},
                            clock_of=lambda p: later)
    assert result['certificates'][0]['action'] == 'renew'
    result = plan.make_plan(['web1'], dict(web1=[POOL]), dict(web1=[state]), {}, ACTIONS, {'': provider},
                            clock_of=lambda p: NOW)
    assert result['certificates'][0]['action'] == 'none'


# -- AWX job slicing: each slice's inventory holds only its own hosts ------------------------------

SLICED = dict(POOL, key_host='web1')


def test_slice_without_the_key_host_leaves_the_order_to_the_key_hosts_slice():
    """Slice 2 (web2, web3) of a pool whose key_host web1 is in slice 1: nothing is ordered, no key is made here."""
    provider = FakeAutoDNS()
    result = run(provider, dict(web2=[SLICED], web3=[SLICED]), dict(web2=[host_state()], web3=[host_state()]),
                 inventory=['web2', 'web3'])
    entry = result['certificates'][0]
    assert entry['action'] == 'none' and entry['deferred'] == 'order' and entry['new_key'] is False
    assert entry['key_host'] == 'web1' and 'not in this inventory' in entry['reason']
    assert result['hosts'] == {}


def test_slice_with_the_key_host_orders():
    provider = FakeAutoDNS()
    result = run(provider, dict(web1=[SLICED]), dict(web1=[host_state()]), inventory=['web1'])
    entry = result['certificates'][0]
    assert entry['action'] == 'order' and entry['deferred'] is None and entry['lead_host'] == 'web1'


def test_slice_without_the_key_host_leaves_the_running_order_and_the_renewal(pool_key):
    names = ['www.pool.test', 'pool.test']
    running = FakeAutoDNS(jobs=[Job(id='J1', status='running', object='www.pool.test', certificate_id=None)])
    entry = run(running, dict(web2=[SLICED]), dict(web2=[host_state()]), inventory=['web2'])['certificates'][0]
    assert entry['action'] == 'none' and entry['deferred'] == 'resume'
    due = FakeAutoDNS([issued('7', pool_key, names, 0x51, days=10)])
    entry = run(due, dict(web2=[SLICED]), dict(web2=[host_state(pool_key, names, 0x51, days=10)]),
                inventory=['web2'])['certificates'][0]
    assert entry['action'] == 'none' and entry['deferred'] == 'renew'


def test_slice_without_the_key_host_deploys_with_the_key_read_on_the_key_host(pool_key):
    """The certificate is issued: web2 gets it, its key copied from web1 (same key_path) by delegation."""
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    result = run(provider, dict(web2=[SLICED]), dict(web2=[host_state()]), inventory=['web2'])
    entry = result['certificates'][0]
    assert entry['action'] == 'deploy' and entry['deferred'] is None
    assert entry['key_source'] == dict(host='web1', path='/etc/ssl/private/www.pool.test.key')
    assert entry['lead_host'] == 'web2' and entry['deploy_hosts'] == ['web2'] and entry['key_copy_hosts'] == ['web2']


def test_named_key_host_in_the_inventory_that_does_not_declare_is_blocked():
    provider = FakeAutoDNS()
    entry = run(provider, dict(web2=[SLICED]), dict(web2=[host_state()]), inventory=['web1', 'web2'])['certificates'][0]
    assert entry['action'] == 'blocked' and 'does not declare' in entry['reason']


# -- names as people write them --------------------------------------------------------------------

IDN_WRITTEN = dict(common_name='Bücher.Pool.test.', subject_alternative_names=['*.bücher.pool.test'])
IDN_A_LABELS = dict(common_name='xn--bcher-kva.pool.test', subject_alternative_names=['*.xn--bcher-kva.pool.test'])
IDN_NAMES = ['xn--bcher-kva.pool.test', '*.xn--bcher-kva.pool.test']


def test_a_u_label_declaration_is_one_certificate_with_its_a_label_declaration():
    provider = FakeAutoDNS()
    declarations = dict(web1=[IDN_WRITTEN], web2=[IDN_A_LABELS])
    result = run(provider, declarations, dict((h, [host_state()]) for h in declarations), inventory=['web1', 'web2'])
    assert len(result['certificates']) == 1
    entry = result['certificates'][0]
    assert entry['hosts'] == ['web1', 'web2'] and entry['action'] == 'order' and entry['key_host'] == 'web1'
    assert entry['common_name'] == 'xn--bcher-kva.pool.test' and entry['names'] == IDN_NAMES
    assert entry['common_name_unicode'] == 'bücher.pool.test'
    assert entry['names_unicode'] == ['bücher.pool.test', '*.bücher.pool.test']
    # the role builds the CSR and orders from the settled declaration, and the files are named after it
    assert entry['declaration']['names'] == IDN_NAMES
    assert entry['key_source'] == dict(host='web1', path='/etc/ssl/private/xn--bcher-kva.pool.test.key.certops-new')
    assert provider.calls == [('list_certificates_by_names', 1), ('list_jobs',)]
    line = plan.summary_lines(result['certificates'])[1]
    assert line.startswith('xn--bcher-kva.pool.test (bücher.pool.test)  web1, web2  order '), line


def test_a_u_label_declaration_whose_certificate_is_in_place_needs_nothing(pool_key):
    provider = FakeAutoDNS([issued('9', pool_key, IDN_NAMES, 0x77)])
    result = run(provider, dict(web1=[IDN_WRITTEN]), dict(web1=[host_state(pool_key, IDN_NAMES, 0x77)]))
    entry = result['certificates'][0]
    assert entry['action'] == 'none', entry['reason']
    assert entry['deploy_hosts'] == []


def test_a_declared_name_no_ca_issues_for_fails_the_plan_naming_host_option_and_name():
    with pytest.raises(InputError, match=r"^web1: common_name 'bü cher\.test' is not a valid internationalized"):
        run(FakeAutoDNS(), dict(web1=[dict(common_name='bü cher.test')]), dict(web1=[{}]))


# -- what the role only wires ---------------------------------------------------------------------

def test_the_entry_says_where_each_host_takes_the_key_from(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    state = host_state(pool_key, names, 0x51)
    entry = run(provider, dict(web1=[POOL], web2=[POOL], web3=[POOL]),
                dict(web1=[state], web2=[state], web3=[host_state()]))['certificates'][0]
    assert entry['members']['web3']['key_source_path'] == '/etc/ssl/private/www.pool.test.key.certops-new', \
        'copied beside the live key'
    entry = run(provider, dict(web1=[POOL], web2=[POOL]),
                dict(web1=[host_state()], web2=[host_state(pool_key, names, 0x51)]))['certificates'][0]
    assert entry['members']['web1']['key_source_path'] == '/etc/ssl/private/www.pool.test.key.certops-new'
    provider = FakeAutoDNS(jobs=[Job(id='J1', status='running', object='www.pool.test', certificate_id=None)])
    entry = run(provider, dict(web1=[POOL], web2=[POOL]),
                dict(web1=[host_state(pending=pool_key)], web2=[host_state()]))['certificates'][0]
    assert entry['members']['web1']['key_source_path'] == '/etc/ssl/private/www.pool.test.key.certops-new', \
        'the key source itself: the new key that waits beside the live one'
    assert entry['members']['web2']['key_source_path'] == '/etc/ssl/private/www.pool.test.key.certops-new'


def test_a_host_that_holds_its_key_installs_the_live_key(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51, days=20)])
    state = host_state(pool_key, names, 0x51, days=20)
    entry = run(provider, dict(web1=[POOL], web2=[POOL]), dict(web1=[state], web2=[state]))['certificates'][0]
    assert entry['action'] == 'renew'
    assert [m['key_source_path'] for m in entry['members'].values()] == ['/etc/ssl/private/www.pool.test.key'] * 2


def test_an_order_carries_its_request_and_the_outcome_name(pool_key):
    entry = run(FakeAutoDNS(), dict(web1=[dict(POOL, product='BASIC_SSL')]), dict(web1=[host_state()]))['certificates'][0]
    assert entry['action'] == 'order' and entry['outcome'] == 'changed'
    assert entry['order_request'] == dict(state='present', common_name='www.pool.test', subject_alternative_names=['pool.test'],
                                          product='BASIC_SSL', lifetime=12, validation_method='dns',
                                          dns_provisioning=False, reissue=True, force=False, wait=False)
    assert entry['renew_request'] == {}


def test_a_renewal_carries_its_request(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51, days=20)])
    state = host_state(pool_key, names, 0x51, days=20)
    declaration = dict(POOL, validation_method='email', approver_email='admin@pool.test')
    entry = run(provider, dict(web1=[declaration]), dict(web1=[state]))['certificates'][0]
    assert entry['action'] == 'renew' and entry['order_request'] == {}
    assert entry['renew_request'] == dict(certificate_id='7', remaining_days=entry['renew_within_days'], lifetime=12,
                                          validation_method='email', approver_email='admin@pool.test',
                                          dns_provisioning=False, wait=False)


def test_a_deploy_is_ok_and_requests_nothing(pool_key):
    names = ['www.pool.test', 'pool.test']
    provider = FakeAutoDNS([issued('7', pool_key, names, 0x51)])
    entry = run(provider, dict(web1=[POOL]), dict(web1=[host_state(pool_key)]))['certificates'][0]
    assert entry['action'] == 'deploy' and entry['outcome'] == 'ok'
    assert entry['order_request'] == {} and entry['renew_request'] == {}


@pytest.mark.parametrize('dns, connection, expected, zone_connection', [
    (dict(backend='nsupdate', server='ns1', port=5353, key_name='k', wait_servers=['ns1:5353']), 'acme',
     dict(backend='nsupdate', server='ns1', port=5353, key_name='k', wait_servers=['ns1:5353']), 'acme'),
    (dict(backend='autodns', zone='pool.test'), '', dict(backend='autodns', zone='pool.test', autodns_zone='pool.test'), ''),
    (dict(backend='autodns', zone='pool.test', autodns_zone='hosted.test', autodns_connection='zones'), 'acme',
     dict(backend='autodns', zone='pool.test', autodns_zone='hosted.test'), 'zones'),
    (dict(backend='autodns', autodns_connection=''), 'acme', dict(backend='autodns'), ''),
    (dict(backend='nsupdate', ttl=None, unknown='x'), '', dict(backend='nsupdate'), ''),
])
def test_the_dns_settings_are_settled_for_dns_validation(dns, connection, expected, zone_connection):
    assert plan.dns_settings(dict(dns=dns), connection) == (expected, zone_connection)


def test_the_dns_settings_never_hold_the_secret(pool_key):
    declaration = dict(POOL, dns=dict(backend='nsupdate', server='ns1', key_secret='c2VjcmV0'))
    entry = run(FakeAutoDNS(), dict(web1=[declaration]), dict(web1=[host_state()]))['certificates'][0]
    assert entry['dns'] == dict(backend='nsupdate', server='ns1') and entry['dns_connection'] == ''
    assert 'c2VjcmV0' not in repr(entry)


@pytest.mark.parametrize('method, backend, provisioned', [
    ('dns', 'provisioning', True), ('dns', 'nsupdate', False), ('file', 'provisioning', False)])
def test_dcv_provisioned(method, backend, provisioned):
    assert plan.dcv_provisioned(dict(validation_method=method, dns=dict(backend=backend))) is provisioned
