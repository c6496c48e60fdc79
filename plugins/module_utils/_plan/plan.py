# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The plan of a run: what to do per *certificate*, not per host.

Input: every host's declarations (``certops_certificates``) and its local inspection
(``certificate_inspect``).  Declarations with the same connection, common name, set of names and
product are one certificate (a pool): ordered once, one private key made on one host (the key host)
and copied to the others, deployed to each host that declares it.

The reseller is asked with batched reads only: per connection the certificates of all declared
common names (AutoDNS JSON: one search per 100 names; else the account's list) and the running
jobs (one search), plus a certificate's details only where neither the list nor the hosts tell
enough.  Then each certificate gets one action:

none      everything is in place
deploy    the issued certificate (and its key) is missing or old on some hosts
order     nothing usable exists at the reseller
renew     the issued certificate is due (within remaining_days)
reissue   the key or (where the provider can) the names changed, or no host holds the key any more
resume    an order, reissue or renewal is running already (never ordered twice)
replace   the names changed and the provider cannot reissue to other names: a new order, only when
          ``actions`` holds ``replace``
blocked   cannot go on; the reason says why (the run fails for it)

Nothing here knows Ansible.
"""


import copy
import datetime
import math

from ansible_collections.certops.reseller.plugins.module_utils._csr import normalize_name, try_fingerprint
from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    CERTIFICATE_DEAD_STATUSES,
    PENDING_CERTIFICATE_STATUSES,
    parse_datetime,
    whole_days_until,
)
from ansible_collections.certops.reseller.plugins.module_utils import _terms
from ansible_collections.certops.reseller.plugins.module_utils._orders.lookup import newest_first
from ansible_collections.certops.reseller.plugins.module_utils._orders.request import certificate_names
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import PENDING_KEY_SUFFIX
from ansible_collections.certops.reseller.plugins.module_utils._plan.groups import build_groups, describe_key

ACTIONS = ('none', 'deploy', 'order', 'renew', 'reissue', 'resume', 'replace', 'blocked')
# Actions that need an API write, and which entry of certificate_actions allows each.
PERMISSION = dict(order='order', renew='renew', reissue='reissue', replace='replace')
# Actions whose certificate needs a new key and CSR on the key host.
NEW_KEY_ACTIONS = ('order', 'reissue', 'replace')
BATCH = 100

MEMBER_KEYS = ('key_path', 'certificate_path', 'chain_path', 'fullchain_path', 'owner', 'group', 'mode',
               'services', 'reload_commands', 'endpoint', 'names')


def lookup_budget(count):
    """The most reading calls the plan may make per connection for ``count`` declared certificates."""
    return int(math.ceil(count / float(BATCH))) + 2


def key_matches_spec(facts, spec):
    if not facts.get('public_key_fingerprint'):
        return False
    if spec['type'] != facts.get('type'):
        return False
    if spec['type'] == 'ECC':
        return facts.get('curve') == spec['curve']
    return int(facts.get('size') or 0) == int(spec['size'])


# -- looking at the reseller ------------------------------------------------------------------

class Found(object):
    """What the reseller holds for one common name."""

    def __init__(self):
        self.certificates = []
        self.job = None


def lookup(provider, common_names):
    """Batched reads for every common name of one connection -> dict common name -> Found."""
    wanted = sorted(set(common_names))
    found = dict((name, Found()) for name in wanted)
    if not wanted:
        return found
    if provider.supports('list_certificates_by_names'):
        certificates = []
        for start in range(0, len(wanted), BATCH):
            certificates.extend(provider.list_certificates_by_names(wanted[start:start + BATCH]))
    else:
        certificates, _total = provider.list_certificates()
    for certificate in certificates:
        name = normalize_name(certificate.common_name)
        if name in found and certificate.status not in CERTIFICATE_DEAD_STATUSES:
            found[name].certificates.append(certificate)
    if provider.supports('open_jobs'):
        jobs = provider.open_jobs()
        for job in jobs:
            name = normalize_name(job.object)
            if job.active and name in found and found[name].job is None:
                found[name].job = job
    return found


def _complete(certificate):
    return bool(certificate.not_after or certificate.certificate) and len(certificate.subject_alternative_names or []) > 0


def _fingerprint_of(certificate):
    return try_fingerprint(certificate.certificate, 'certificate') or try_fingerprint(certificate.csr, 'csr')


def _serial(value):
    if value is None:
        return None
    text = str(value).strip().lower().replace(':', '')
    if text.startswith('0x'):
        text = text[2:]
    return text.lstrip('0') or '0'


# -- deciding ---------------------------------------------------------------------------------

# The keys of an item's ``dns`` that role dns_validation takes in its ``dns_validation_settings``.
DNS_SETTING_KEYS = ('backend', 'server', 'port', 'zone', 'key_name', 'key_algorithm', 'protocol', 'autodns_zone', 'ttl',
                    'wait', 'wait_timeout', 'wait_delay', 'wait_servers')


def dns_settings(settled, connection):
    """The DNS settings of a declaration as role dns_validation takes them (its ``dns_validation_settings``; what is not
    set keeps that role's defaults), and the name of the connection whose AutoDNS zone API publishes them ('' for
    module_defaults and the environment).  The TSIG secret is never here: the role adds it at the last step."""
    given = settled.get('dns') or {}
    dns = dict((key, given[key]) for key in DNS_SETTING_KEYS if given.get(key) is not None)
    zone_connection = (given['autodns_connection'] if 'autodns_connection' in given else connection) or ''
    if not dns.get('autodns_zone') and dns.get('zone'):
        dns['autodns_zone'] = dns['zone']
    return dns, zone_connection


def dcv_provisioned(settled):
    """Whether the provider publishes the DCV records itself (AutoDNS provisioning): nothing for the role to publish."""
    return settled.get('validation_method') == 'dns' and (settled.get('dns') or {}).get('backend') == 'provisioning'


def key_on_host(entry, host, key_path):
    """Where the deploy on ``host`` takes the private key from: the copy beside the live key (``key_path``) when the key
    is copied to this host, the key source's path on the key source, else the live key itself."""
    if host in entry['key_copy_hosts']:
        return key_path + PENDING_KEY_SUFFIX
    source = entry.get('key_source') or {}
    if source.get('host') == host:
        return source['path']
    return key_path


def requests(entry):
    """-> (the arguments of certificate_order, of certificate_renew) that do what ``entry`` plans; {} for the module
    that has nothing to do.  The role adds only what it learns on the way (the CSR made on the key host)."""
    settled = entry['declaration']
    common = dict(lifetime=settled['lifetime'], validation_method=settled['validation_method'],
                  dns_provisioning=entry['dcv_provisioned'], wait=False)
    if settled.get('approver_email'):
        common['approver_email'] = settled['approver_email']
    order = renew = {}
    if entry['new_key']:
        order = dict(common, state='present', common_name=settled['common_name'], reissue=True,
                     subject_alternative_names=list(settled['subject_alternative_names']), force=entry['force_order'])
        if settled.get('product'):
            order['product'] = settled['product']
    if entry['action'] == 'renew':
        renew = dict(common, certificate_id=entry['certificate_id'], remaining_days=entry['renew_within_days'])
    return order, renew


def _entry(group, action, reason, **more):
    from ansible_collections.certops.reseller.plugins.module_utils._names import unicode_name
    settled = group.settled
    dns, dns_connection = dns_settings(settled, group.connection)
    entry = dict(
        id=group.id, connection=group.connection, common_name=group.common_name, names=settled['names'],
        common_name_unicode=unicode_name(group.common_name), names_unicode=[unicode_name(n) for n in settled['names']],
        product=settled['product'], hosts=[m.host for m in group.members], key_host=group.key_host,
        action=action, reason=reason, allowed=True, certificate_id=None, job_id=None,
        new_key=action in NEW_KEY_ACTIONS, key_source=None, deploy_hosts=[], key_copy_hosts=[],
        lead_host=None, declaration=settled, declaration_index=None, members={}, price=None, deferred=None,
        force_order=action == 'replace', renew_within_days=None,
        dns=dns, dns_connection=dns_connection, dcv_provisioned=dcv_provisioned(settled),
        outcome='ok' if action == 'deploy' else 'changed', order_request={}, renew_request={},
    )
    entry.update(more)
    entry['cost'] = _terms.cost_of(entry['action'])
    return entry


def _validity(not_before, not_after):
    start = parse_datetime(not_before) if not_before else None
    end = parse_datetime(not_after) if not_after else None
    return _terms.validity_days(start, end)


def due_point(group, not_before, not_after, now):
    """-> (days left at which the certificate of ``group`` is due, how that was chosen)."""
    return _terms.due_point(group.settled['remaining_days'], _validity(not_before, not_after), group.id, now)


def _locally_settled(group, spec, names, now):
    """When every host of the play holds one valid, matching, not-due certificate and its key: its serial."""
    serials = set()
    for member in group.in_play():
        cert = member.certificate()
        key = member.key_facts()
        if not cert.get('public_key_fingerprint') or cert.get('public_key_fingerprint') != key.get('public_key_fingerprint'):
            return None
        if set(cert.get('names') or []) != set(names) or not key_matches_spec(key, spec):
            return None
        days = whole_days_until(cert.get('not_after'), now)
        if days is None or not member.files_complete():
            return None
        due_at, _how = due_point(group, cert.get('not_before'), cert.get('not_after'), now)
        if days <= due_at:
            return None
        serials.add(_serial(cert.get('serial_number')))
    return serials.pop() if len(serials) == 1 else None


def _key_source(group, fingerprint, spec):
    """The member that holds the key of the issued certificate (key host first) -> (member, pending) or (None, None)."""
    members = sorted(group.members, key=lambda m: m.host != group.key_host)
    for member in members:
        if member.inspection is None:
            continue
        for pending in (False, True):
            facts = member.key_facts(pending)
            if fingerprint and facts.get('public_key_fingerprint') == fingerprint:
                return member, pending
    if not fingerprint:
        # The reseller did not tell the public key: trust a host whose installed certificate matches its key.
        for member in members:
            cert = member.certificate()
            if cert.get('public_key_fingerprint') and cert.get('public_key_fingerprint') == member.key_fingerprint():
                return member, False
    key_host = group.member(group.key_host) or group.remote
    if key_host is not None and key_host.inspection is None:
        # The key host is outside this play (a limit) or outside this inventory (an AWX slice): it keeps the key;
        # the deploy reads it there.
        return key_host, False
    return None, None


def _needs_deploy(member, serial, fingerprint):
    if member.inspection is None:
        return False
    cert = member.certificate()
    if not cert.get('exists') or cert.get('error'):
        return True
    if serial and _serial(cert.get('serial_number')) != serial:
        return True
    if fingerprint and (cert.get('public_key_fingerprint') != fingerprint or member.key_fingerprint() != fingerprint):
        return True
    return not member.files_complete()


def _settle_uncertain(certificates, held, details):
    """A listed certificate whose status only its details tell (an SSL247 Subscription: issued, or pending before its
    first issuance): issued when every host already holds one valid certificate for the names (``held``, no call),
    else read."""
    uncertain = [c for c in certificates if c.status_needs_details()]
    if not uncertain:
        return certificates
    settled = []
    for certificate in certificates:
        if certificate in uncertain:
            if held:
                certificate = copy.copy(certificate)
                certificate.status = 'issued'
            elif details is not None:
                certificate = details(certificate.id)
        settled.append(certificate)
    return settled


def decide(group, found, provider, actions, now, details=None):
    """One group + what the reseller holds -> the plan entry (a dict)."""
    spec = group.settled['key']
    names = group.settled['names']
    caps = provider.capabilities
    if group.problems:
        return _entry(group, 'blocked', '; '.join(group.problems))

    # what the hosts hold, read once: it settles a listed status and, below, spares the reseller's details
    serial = _locally_settled(group, spec, names, now)
    certificates = _settle_uncertain(found.certificates, serial is not None, details)
    issued = newest_first([c for c in certificates if c.status not in PENDING_CERTIFICATE_STATUSES])
    pending = newest_first([c for c in certificates if c.status in PENDING_CERTIFICATE_STATUSES])
    product = (group.settled['product'] or '').lower()
    if product:
        issued = [c for c in issued if not c.product or c.product.lower() == product]

    if found.job is not None or (pending and provider.is_open_order(pending[0])):
        job_id = found.job.id if found.job is not None else (pending[0].job_id or pending[0].id)
        certificate_id = (found.job.certificate_id if found.job is not None else pending[0].id)
        return _finish(group, _entry(group, 'resume', 'an order for %s is running already (job %s); it is followed, '
                                     'not placed again' % (group.common_name, job_id),
                                     job_id=job_id, certificate_id=certificate_id), actions)

    if not issued:
        return _finish(group, _entry(group, 'order', 'no certificate for %s exists at the reseller' % group.common_name),
                       actions)

    reference = issued[0]
    if serial is not None and (not reference.serial_number or _serial(reference.serial_number) == serial):
        # Every host holds the same valid certificate and key: nothing more to ask the reseller.
        return _entry(group, 'none', 'in place on %d host(s)' % len(group.in_play()), certificate_id=reference.id)

    if not _complete(reference) and details is not None:
        reference = details(reference.id)
    fingerprint = _fingerprint_of(reference)
    current = dict(names=sorted(certificate_names(reference)), serial_number=reference.serial_number,
                   not_after=reference.not_after, public_key_fingerprint=fingerprint)
    more = dict(certificate_id=reference.id, current=current)

    if certificate_names(reference) != set(names):
        change = 'names change from %s to %s' % (', '.join(sorted(certificate_names(reference))), ', '.join(sorted(names)))
        if caps.reissue_changes_names:
            return _finish(group, _entry(group, 'reissue', change, **more), actions)
        if 'replace' in actions:
            return _finish(group, _entry(group, 'replace', '%s, which %s cannot reissue: a new certificate is '
                                         'ordered' % (change, provider.name), **more), actions)
        reason = ('%s: %s, and %s cannot change the names of certificate %s by reissuing it; add replace to '
                  'certificate_actions to order a new certificate for the new names (it costs a new order), or declare '
                  'the old names again' % (group.common_name, change, provider.name, reference.id))
        return _entry(group, 'blocked', reason, **more)

    source, pending_key = _key_source(group, fingerprint, spec)
    if source is None:
        return _finish(group, _entry(group, 'reissue', 'no host of the pool holds the key of certificate %s; it is '
                                     'reissued with a new key' % reference.id, **more), actions)
    if source.inspection is not None and not key_matches_spec(source.key_facts(pending_key), spec):
        return _finish(group, _entry(group, 'reissue', 'the key changes from %s to %s' % (
            describe_key(source.key_facts(pending_key)), describe_key(spec)), **more), actions)

    path = source.settled['key_path'] + (PENDING_KEY_SUFFIX if pending_key else '')
    more['key_source'] = dict(host=source.host, path=path)
    turnover = _turnover(group, reference, source, caps, now, more)
    if turnover is not None:
        return _finish(group, turnover, actions)

    wanted_serial = _serial(reference.serial_number)
    targets = [m for m in group.members if _needs_deploy(m, wanted_serial, fingerprint)]
    waiting = ('; %s' % more['waiting']) if more.get('waiting') else ''
    more.pop('waiting', None)
    if not targets:
        return _entry(group, 'none', 'in place on %d host(s)%s' % (len(group.in_play()), waiting), **more)
    return _finish(group, _entry(group, 'deploy', 'certificate %s is missing or old on %s%s' % (
        reference.id, ', '.join(m.host for m in targets), waiting), **more), actions, deploy=targets)


def _turnover(group, reference, source, caps, now, more):
    """The entry of a due certificate (a free reissue inside its term, a paid renewal of a term that ends within
    its renewal window, a new order once the term has ended), or None when it is not due."""
    days = reference.days_remaining(now=now) if reference.not_after else None
    not_before = reference.not_before
    if not not_before and source is not None:
        not_before = source.certificate().get('not_before')
    due_at, how = due_point(group, not_before, reference.not_after, now)
    term_end = getattr(reference, 'term_end', None)
    term_days = reference.term_days_remaining(now=now) if term_end else None
    # The provider's reissueRequired (AutoDNS) is shown, not followed at once: it comes for a whole fleet bought on one
    # day at one moment, and the certificate's own point (never past a sixth of its validity left) keeps the fleet
    # spread over many nights.
    action, reason = _terms.choose(days, due_at, term_days, term_end, caps.renew_window_days)
    if action is None:
        return None
    reason = 'certificate %s %s (due at %s)' % (reference.id, reason, how)
    if action == 'wait':
        more['waiting'] = reason
        return None
    if action == 'renew':
        # the renewal module judges by the same date: due within the days left of the term (or the certificate)
        more['renew_within_days'] = max(term_days if term_days is not None else days, 0) + 1
    if action == 'order':
        more['force_order'] = True
    return _entry(group, action, reason, **more)


def _finish(group, entry, actions, deploy=None):
    """Fill in who does what, and whether certificate_actions allows it."""
    action = entry['action']
    if group.remote is not None and action != 'deploy':
        # An AWX slice without the key host: the slice that holds it makes the key, orders, reissues, renews or
        # follows the running order (once); this one installs what is issued, with the key read on the key host.
        entry.update(deferred=action, action='none', new_key=False, cost='free')
        entry['reason'] += ('; key host %s is not in this inventory (another slice of the job), so its run does '
                            'that, and a later run of this one installs the certificate' % group.key_host)
        return entry
    permission = PERMISSION.get(action)
    if permission and permission not in actions:
        entry['allowed'] = False
        entry['reason'] += '; certificate_actions (%s) does not allow %s, so it is left as it is' % (
            ', '.join(actions), permission)
        return entry
    in_play = group.in_play()
    key_host = group.member(group.key_host)
    entry['lead_host'] = key_host.host if key_host is not None and key_host.inspection is not None else (
        in_play[0].host if in_play else None)
    lead = group.member(entry['lead_host']) if entry['lead_host'] else None
    # the lead host's own item: the role reads the DNS secret of the DCV from it
    entry['declaration_index'] = lead.index if lead is not None else 0
    targets = deploy if deploy is not None else in_play
    entry['deploy_hosts'] = [m.host for m in targets]
    if action in NEW_KEY_ACTIONS:
        entry['key_source'] = dict(host=group.key_host, path=key_host.settled['key_path'] + PENDING_KEY_SUFFIX)
        entry['key_copy_hosts'] = [m.host for m in targets if m.host != group.key_host]
    elif action == 'resume':
        source = None
        for member in sorted(group.members, key=lambda m: m.host != group.key_host):
            if member.key_fingerprint(pending=True):
                source = member
                break
        if source is None:
            source = key_host
        entry['key_source'] = dict(host=source.host, path=source.settled['key_path'] + PENDING_KEY_SUFFIX)
        entry['key_copy_hosts'] = [m.host for m in targets if m.host != source.host]
    elif entry.get('key_source'):
        fingerprint = (entry.get('current') or {}).get('public_key_fingerprint')
        source_host = entry['key_source']['host']
        entry['key_copy_hosts'] = [m.host for m in targets if m.host != source_host and (
            not fingerprint or m.key_fingerprint() != fingerprint)]
    entry['members'] = dict((m.host, dict((k, m.settled[k]) for k in MEMBER_KEYS)) for m in targets)
    for host, member in entry['members'].items():
        member['key_source_path'] = key_on_host(entry, host, member['key_path'])
    entry['order_request'], entry['renew_request'] = requests(entry)
    if entry['lead_host'] is None:
        entry['action'] = 'blocked'
        entry['reason'] = 'no host of this play declares %s' % group.common_name
    entry['cost'] = _terms.cost_of(entry['action'])
    return entry


# -- the whole plan ---------------------------------------------------------------------------

def make_plan(inventory, declarations, inspections, defaults, actions, providers, now=None, clock_of=None,
              host_defaults=None, host_actions=None):
    """-> dict(certificates=[entry...], hosts={host: dict(lead=[ids], deploy=[ids])}).

    ``providers``: connection name -> Provider (or an exception instance when it could not be built).
    ``now``: a fixed time; else ``clock_of(provider)`` after the lookups (the provider's clock, so that a
    skewed local clock does not move renewals), else the local UTC time.
    ``host_defaults``, ``host_actions``: each host's own role defaults and certificate_actions (see build_groups);
    ``defaults`` and ``actions`` serve the hosts they do not name.
    """
    # A certificate none of whose hosts is in this play belongs to another run (another slice, another limit).
    groups = [g for g in build_groups(inventory, declarations, inspections, defaults, host_defaults=host_defaults,
                                      host_actions=host_actions) if g.in_play()]
    by_connection = {}
    for group in groups:
        by_connection.setdefault(group.connection, []).append(group)
    entries = []
    for connection in sorted(by_connection):
        members = by_connection[connection]
        provider = providers.get(connection)
        if isinstance(provider, CertopsError) or provider is None:
            reason = str(provider) if provider is not None else 'connection %r is not defined' % connection
            entries.extend(_entry(g, 'blocked', reason) for g in members)
            continue
        try:
            found = lookup(provider, [g.common_name for g in members])
        except CertopsError as exc:
            entries.extend(_entry(g, 'blocked', 'looking up the certificates failed: %s' % exc) for g in members)
            continue

        current = now or (clock_of(provider) if clock_of else datetime.datetime.now(datetime.timezone.utc))

        def details(certificate_id, provider=provider):
            return provider.get_certificate(certificate_id, include_pem=False)

        for group in members:
            try:
                entry = decide(group, found[group.common_name], provider,
                               actions if group.actions is None else group.actions, current, details)
            except CertopsError as exc:
                entry = _entry(group, 'blocked', str(exc))
            entries.append(entry)
    order = dict((g.id, i) for i, g in enumerate(groups))
    entries.sort(key=lambda e: order[e['id']])
    return dict(certificates=entries, hosts=host_index(entries))


def host_index(entries):
    """host -> the ids it leads (reseller work) and the ids it deploys."""
    hosts = {}
    for entry in entries:
        if entry['action'] in ('none', 'blocked') or not entry['allowed']:
            continue
        if entry['lead_host']:
            hosts.setdefault(entry['lead_host'], dict(lead=[], deploy=[]))['lead'].append(entry['id'])
        for host in entry['deploy_hosts']:
            hosts.setdefault(host, dict(lead=[], deploy=[]))['deploy'].append(entry['id'])
    return hosts


def summary_lines(entries):
    """The plan as a table, one line per certificate (an IDN as ``xn--bcher-kva.example (bücher.example)``)."""
    from ansible_collections.certops.reseller.plugins.module_utils._names import display_name
    rows = [('certificate', 'hosts', 'action', 'reason')]
    for entry in entries:
        action = entry['action']
        if action not in ('none', 'blocked'):
            action = '%s (%s)' % (action, entry.get('cost') or _terms.cost_of(action))
        if not entry['allowed']:
            action = '%s, not allowed' % action
        rows.append((display_name(entry['common_name']), ', '.join(entry['hosts']), action, entry['reason']))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return ['%s  %s  %s  %s' % (row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3])
            for row in rows]
