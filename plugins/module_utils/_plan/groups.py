# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Grouping: the declarations of all hosts become certificates.  Declarations with the same connection,
common name and set of names are one certificate (a pool) with its members (the declaring hosts, each
with its own settled paths and owner) and one key host; where the members disagree on what a
certificate has once (product, lifetime, key, certificate_actions) the group carries the sentence.

Nothing here knows Ansible or a provider.
"""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import identity, identity_id, settle


class Member(object):
    def __init__(self, host, index, settled, inspection, actions=None):
        self.host = host
        self.index = index
        self.settled = settled          # the item settled against this host's own certificate_* values
        self.inspection = inspection   # None: the host is outside this play (not inspected)
        self.actions = actions          # this host's certificate_actions (None: the play's)

    def key_fingerprint(self, pending=False):
        if self.inspection is None:
            return None
        return (self.inspection.get('pending_key' if pending else 'key') or {}).get('public_key_fingerprint')

    def key_facts(self, pending=False):
        if self.inspection is None:
            return {}
        return self.inspection.get('pending_key' if pending else 'key') or {}

    def certificate(self):
        return (self.inspection or {}).get('certificate') or {}

    def files_complete(self):
        inspection = self.inspection or {}
        paths = [self.settled['chain_path'], self.settled['fullchain_path']]
        return all((inspection.get(kind) or {}).get('exists') for kind in ('chain', 'fullchain')) or not any(paths)


class Group(object):
    def __init__(self, gid, settled):
        self.id = gid
        self.settled = settled            # the key host's declaration
        self.members = []
        self.key_host = None
        self.problems = []
        # the named key host when it is in no inventory of this run (an AWX slice holds only its own hosts): it
        # keeps the key at the key_path its members declare, and its own run does the work at the reseller
        self.remote = None
        self.actions = None               # certificate_actions of the key host (None: the play's)

    @property
    def connection(self):
        return self.settled['connection'] or ''

    @property
    def common_name(self):
        return self.settled['common_name']

    def member(self, host):
        for member in self.members:
            if member.host == host:
                return member
        return None

    def in_play(self):
        return [m for m in self.members if m.inspection is not None]


def build_groups(inventory, declarations, inspections, defaults=None, host_defaults=None, host_actions=None):
    """-> list of Group in inventory order of their first declaring host.

    ``inventory``: every host name in inventory order; ``declarations``: host -> raw items;
    ``inspections``: host -> list of inspection entries (hosts of this play only);
    ``defaults``: the role defaults items are settled against, unless ``host_defaults`` (host -> defaults) holds the
    host's own (its group_vars, host_vars, ... as Ansible's precedence gives them for that host);
    ``host_actions``: host -> its certificate_actions.

    Declarations with the same connection, common name and set of names are one certificate (a pool); where its
    hosts disagree on what one certificate has once (product, lifetime, key, certificate_actions) it is blocked.
    """
    host_defaults = host_defaults or {}
    host_actions = host_actions or {}
    groups = {}
    order = []
    hosts = list(inventory) + sorted(h for h in declarations if h not in inventory)
    for host in hosts:
        items = declarations.get(host) or []
        inspected = inspections.get(host)
        own_defaults = host_defaults.get(host, defaults)
        for index, item in enumerate(items):
            try:
                settled = settle(item, own_defaults)
            except InputError as exc:
                raise InputError('%s: %s' % (host, exc.message))
            key = pool_key(settled)
            inspection = None
            if inspected is not None:
                inspection = inspected[index] if index < len(inspected) else {}
            if key not in groups:
                groups[key] = Group(identity_id(settled), settled)
                order.append(key)
            group = groups[key]
            actions = host_actions.get(host)
            group.members.append(Member(host, index, settled, inspection,
                                        actions=list(actions) if actions is not None else None))
    result = []
    known = set(hosts)
    for key in order:
        group = groups[key]
        _choose_key_host(group, known)
        _check_consistent(group)
        result.append(group)
    return result


def pool_key(settled):
    """The declarations of one certificate: same connection, common name and set of names."""
    return identity(settled)[:3]


def _choose_key_host(group, known=None):
    named = sorted(set(m.settled['key_host'] for m in group.members if m.settled['key_host']))
    if len(named) > 1:
        group.problems.append('the hosts name different key hosts (%s)' % ', '.join(named))
    if named:
        group.key_host = named[0]
        if group.member(named[0]) is None:
            if known is not None and named[0] not in known:
                group.remote = Member(named[0], 0, group.members[0].settled, None, actions=group.members[0].actions)
            else:
                group.problems.append('key_host %s does not declare %s' % (named[0], group.common_name))
    else:
        group.key_host = group.members[0].host
    member = group.member(group.key_host)
    if member is not None:
        group.settled = member.settled
        group.actions = member.actions
    else:
        group.actions = group.members[0].actions
    # the id names the certificate as the key host declares it (its product included)
    group.id = identity_id(group.settled)


# What the hosts of one certificate must have once: (the variable as the sentence names it, a member's value as text).
AGREEMENT = (
    ('certificate_product or the item\'s product',
     lambda m: repr(m.settled['product']) if m.settled['product'] else "'' (the provider's default)"),
    ('certificate_lifetime or the item\'s lifetime', lambda m: '%s months' % m.settled['lifetime']),
    ('certificate_key or the item\'s key', lambda m: describe_key(m.settled['key'])),
    ('certificate_actions', lambda m: '[%s]' % ', '.join(m.actions) if m.actions is not None else 'the play\'s value'),
)


def disagreement(what, variable, values):
    """``what``: what must be one ("www.example.com is one certificate"); ``values``: (host, its value as text) pairs.
    -> one sentence naming the hosts, the variable and the values, or None when they agree."""
    hosts_of = {}
    for host, value in values:
        hosts_of.setdefault(value, []).append(host)
    if len(hosts_of) < 2:
        return None
    parts = ['%s %s %s' % (', '.join(hosts), 'gives' if len(hosts) == 1 else 'give', value)
             for value, hosts in sorted(hosts_of.items(), key=lambda item: (-len(item[1]), item[1][0]))]
    return '%s, but its hosts disagree on %s: %s; give them one value' % (what, variable, '; '.join(parts))


def _check_consistent(group):
    for variable, describe in AGREEMENT:
        sentence = disagreement('%s is one certificate' % group.common_name, variable,
                                [(m.host, describe(m)) for m in group.members])
        if sentence:
            group.problems.append(sentence)


def describe_key(key):
    if key.get('type') == 'ECC':
        return 'ECC %s' % key.get('curve')
    return '%s %s' % (key.get('type'), key.get('size'))
