#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_plan
short_description: Plan a run per certificate, for the whole play, with batched reads at the reseller
version_added: 0.2.0
description:
  - Groups the declared certificates of all hosts by identity (connection, common name, set of names, product) - a pool
    of hosts declaring the same certificate is one certificate, ordered once and deployed to each host.
  - Looks the certificates up at the reseller with batched reads only (AutoDNS JSON one search per 100 common names, the
    account list elsewhere, and one search for the running jobs), at most ceil(N/100)+2 calls per connection for N
    declared certificates when the hosts tell the rest.
  - Decides per certificate V(none), V(deploy), V(order), V(renew), V(reissue), V(resume), V(replace) or V(blocked),
    and who does it. It only reads; role C(certops.reseller.certificate) runs it once per play on the controller.
  - Runs on the controller (an action plugin) and reads every host's declarations and inspection from the hosts'
    variables there, so that no secret of a declaration becomes a module argument.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
attributes:
  check_mode:
    support: full
    description: The plan only reads. In check mode it also asks the price of new orders where the provider tells it
      without paying (SSL247 order validation).
  diff_mode:
    support: full
    description: The plan as a table.
options:
  declarations_var:
    description: The variable that holds a host's declared certificates, read on the controller for every host of
      O(inventory) with that host's own value.
    type: str
    default: certops_certificates
  inspection_var:
    description:
      - The variable that holds a host's registered result of M(certops.reseller.certificate_inspect), read for the
        hosts of O(play_hosts).
      - A declaring host that is not in O(play_hosts) is outside the play (an AWX slice) and is neither inspected nor
        deployed.
    type: str
    default: _certificate_inspection
  inventory:
    description:
      - Every host name of the inventory, in inventory order; the first declaring host of a certificate is its key host
        unless a declaration names C(key_host).
      - When not set, the play's inventory (C(groups['all'])).
    type: list
    elements: str
  play_hosts:
    description:
      - The hosts of this play, the ones that are inspected and deployed.
      - When not set, C(ansible_play_hosts).
    type: list
    elements: str
  defaults:
    description: The role defaults an item falls back to (C(connection), C(product), C(lifetime), C(validation_method),
      C(remaining_days), C(key), C(key_dir), C(cert_dir), C(owner), C(group), C(mode), C(webroot), C(services),
      C(reload_commands), C(dns), C(job_timeout)).
    type: dict
    default: {}
  connections:
    description: Named connections (the role's C(certificate_connections)), each a dict of the connection options;
      an item's C(connection) chooses one, the empty name uses this task's own connection options.
    type: dict
    default: {}
  actions:
    description: What the run may do at the reseller. A certificate that needs something else is reported and left
      alone; V(replace) (a new order where names change and the provider cannot reissue to them) is never implied.
    type: list
    elements: str
    choices: [order, reissue, renew, replace]
    default: [order, reissue, renew]
  declaration_spec:
    description:
      - The argument spec of one declared item (of O(declarations_var)), in the form of a role's
        C(meta/argument_specs.yml) options (C(type), C(required), C(choices), C(elements), C(options), C(default)).
      - Every host's declarations are checked against it before anything is looked up, and an error names the host.
        The role C(certops.reseller.certificate) passes the spec of its C(certops_certificates), so that the play checks
        them once on the controller instead of in one task per host.
      - Empty checks nothing beyond what the plan itself requires of an item.
    type: dict
    default: {}
  defaults_var:
    description:
      - A variable read for every declaring host with that host's own value (Ansible's precedence - group_vars,
        host_vars, play and role vars, extra vars); it takes the place of O(defaults) for that host.
      - The role C(certops.reseller.certificate) passes C(_certificate_defaults).
    type: str
  connections_var:
    description:
      - Like O(defaults_var), for O(connections); one connection name must mean the same settings for every host that
        uses it.
      - The role C(certops.reseller.certificate) passes C(certificate_connections).
    type: str
  actions_var:
    description:
      - Like O(defaults_var), for O(actions).
      - The role C(certops.reseller.certificate) passes C(certificate_actions).
    type: str
  max_paid_actions:
    description:
      - The most paid actions (order, renew, replace) this run may take. The paid actions beyond it are V(blocked)
        with one sentence, before any paid call. Unset, no cap.
      - The role C(certops.reseller.certificate) passes C(certificate_max_paid_actions).
    type: int
  max_spend:
    description:
      - The most money this run may spend, where the provider tells prices (SSL247; the paid actions are priced by
        order validation, which pays nothing). Paid actions beyond it are V(blocked) with one sentence, before any paid
        call. A paid action whose price is not told counts nothing; O(max_paid_actions) caps those.
      - The role C(certops.reseller.certificate) passes C(certificate_max_spend).
    type: float
'''

EXAMPLES = r'''
- name: Inspect the declared files on each host
  certops.reseller.certificate_inspect:
    certificates: "{{ certops_certificates }}"
  register: _inspection

- name: Plan the whole play once
  certops.reseller.certificate_plan:
    declarations_var: certops_certificates   # each host's own list, from hostvars
    inspection_var: _inspection
    connections: "{{ certificate_connections }}"
  delegate_to: localhost
  run_once: true
  register: plan
'''

RETURN = r'''
certificates:
  description: One entry per certificate, in inventory order of their first declaring host.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The certificate's identity as text (C(connection|common name|other names|product)).
      type: str
    common_name:
      description:
        - The common name as settled from the declaration, and as the CSR, the order, the file names and the
          comparisons use it - A-labels, lower case, no trailing dot (C(Bücher.example.) is C(xn--bcher-kva.example)).
      type: str
    names:
      description: The common name, then the other names, settled the same way.
      type: list
      elements: str
    common_name_unicode:
      description: RV(certificates[].common_name) with its A-labels written as U-labels (C(bücher.example)), for people
        to read; equal to it for a name without an internationalized label.
      type: str
    names_unicode:
      description: RV(certificates[].names) written as U-labels, in the same order.
      type: list
      elements: str
    action:
      description: V(none), V(deploy), V(order), V(renew), V(reissue), V(resume), V(replace) or V(blocked).
      type: str
    allowed:
      description: False when O(actions) does not allow the action; the certificate is then left alone.
      type: bool
    reason:
      description: Why, in a sentence.
      type: str
    hosts:
      description: Every host that declares the certificate.
      type: list
      elements: str
    key_host:
      description:
        - The host that makes the key and the CSR.
        - A C(key_host) that is in no inventory of this run (an AWX slice holds only its own hosts) keeps the key at
          the C(key_path) the other hosts declare; see RV(certificates[].deferred).
      type: str
    deferred:
      description:
        - The action this run leaves to the run that holds the key host, when the declared C(key_host) is not in this
          inventory (another slice of an AWX job) - one of C(order), C(reissue), C(replace), C(renew) or C(resume).
          RV(certificates[].action) is then C(none); only C(deploy) is done by every slice.
        - V(null) otherwise.
      type: str
    lead_host:
      description: The host of this play whose tasks do the reseller work for the certificate (the key host when it is
        in the play).
      type: str
    deploy_hosts:
      description: The hosts that get the certificate installed.
      type: list
      elements: str
    key_copy_hosts:
      description: The hosts that get the private key copied from RV(certificates[].key_source).
      type: list
      elements: str
    key_source:
      description: C(host) and C(path) of the key the certificate is (or will be) issued for.
      type: dict
    certificate_id:
      description: The reseller's certificate to reissue, renew, fetch or replace.
      type: str
    job_id:
      description: The running job that is resumed.
      type: str
    price:
      description: Check mode, new orders on providers that price them without paying; C(value) and C(currency).
      type: dict
    members:
      description:
        - Deploy host -> what it installs where (its own C(key_path), C(certificate_path), C(chain_path),
          C(fullchain_path), C(owner), C(group), C(mode), C(services), C(reload_commands), C(endpoint), C(names)).
        - C(key_source_path) is where that host takes the private key from - the copy beside its live key
          (C(<key_path>.certops-new)) when the key is copied to it, the key source's path on the key source, else
          its live key.
      type: dict
    order_request:
      description: The arguments of M(certops.reseller.certificate_order) that do the planned order, reissue or
        replacement (all but the CSR, made on the key host); empty when there is none.
      type: dict
    renew_request:
      description: The arguments of M(certops.reseller.certificate_renew) that do the planned renewal; empty when there
        is none.
      type: dict
    dcv_provisioned:
      description: Whether AutoDNS publishes the DNS DCV records itself (DNS validation with the C(provisioning) backend).
      type: bool
    dns:
      description:
        - The settled DNS settings of the certificate, as role C(certops.reseller.dns_validation) takes them
          (C(dns_validation_settings)); what they leave out keeps that role's defaults. C(autodns_zone) defaults to
          C(zone).
        - Never the TSIG secret; the role adds it from the lead host's own item at the last step.
      type: dict
    dns_connection:
      description: The named connection whose AutoDNS zone API publishes the records (the item's C(dns.autodns_connection),
        else its connection); V('') for module_defaults and the environment.
      type: str
    outcome:
      description: What a successful run of the certificate's work is called in the summary, V(ok) for a deploy, else
        V(changed).
      type: str
hosts:
  description: Host -> C(lead) (ids whose reseller work it does) and C(deploy) (ids it installs). Hosts with nothing to
    do are absent.
  returned: always
  type: dict
budget:
  description: Connection -> the most reading calls the plan was meant to need, ceil(N/100)+2.
  returned: always
  type: dict
summary:
  description: The plan as a table, one line per certificate; an internationalized name shows its U-labels beside it,
    C(xn--bcher-kva.example (bücher.example)).
  returned: always
  type: list
  elements: str
work:
  description: Whether any certificate needs work this run.
  returned: always
  type: bool
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_plan import certificate_plan_argument_spec
from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec


def main():
    module = AnsibleModule(argument_spec=provider_argument_spec(**certificate_plan_argument_spec()),
                           supports_check_mode=True)
    module.fail_json(msg='certificate_plan runs as an action plugin on the controller; it reads hostvars there')


if __name__ == '__main__':
    main()
