#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_report
short_description: Write the certificate expiry report as one self-contained HTML file and JSON
version_added: 0.2.0
description:
  - Writes C(<name>.html) and C(<name>.json) into O(dest) from what a play collected - the reseller's certificates
    (registered results of M(certops.reseller.certificate_info)) and the certificates installed on the hosts
    (registered results of M(community.crypto.x509_certificate_info)) - and from the summary the last
    C(site.yml) / C(renew.yml) run left in C(last-run.json).
  - The HTML page needs nothing from elsewhere (inline CSS, script and SVG), so it opens from disk and as an AWX
    artifact. It shows a sortable, filterable table of every certificate (where it is deployed, whether the
    deployed serial matches, days left, the end of the paid term and the days left in it, what the last run did) and
    a timeline of expiries with the end of each certificate's paid term beside it (a free reissue renews the
    certificate inside its term; only the term's end asks for a paid renewal). The window filter also takes the term
    groups C(term_ending_30d), C(term_ending_90d) and C(term_ended).
  - The JSON carries per certificate C(term_end), C(term_days_remaining), C(term_groups) and the provider's term data
    (C(multiyear), C(reissue_required), C(reissue_status), C(term_years), C(remaining_reissues)), and
    C(summary.terms), the number of certificates per term group.
  - The page takes filters from its address, for links - C(report.html#window=expiring_30d&q=example.com&sort=days).
  - The playbook C(certops.reseller.report) calls this module; you rarely call it yourself.
  - The module talks to no provider. Run it where the files should be, usually with C(delegate_to=localhost)
    and C(run_once=true).
options:
  dest:
    description:
      - The directory to write into; made (mode 0755) when missing.
    type: path
    required: true
  name:
    description:
      - File name of the report without extension.
    type: str
    default: certops-report
  reseller_results:
    description:
      - The registered C(results) of M(certops.reseller.certificate_info) looped over connection names
        (C(item) is the connection name, empty for the module defaults). Secrets in them are masked by Ansible and
        never shown.
    type: list
    elements: dict
    default: []
  installed:
    description:
      - Host name to the registered C(results) of M(community.crypto.x509_certificate_info) looped over the host's
        C(certops_certificates) items (C(item) is the declared certificate). A failed result means the
        certificate is missing on that host.
    type: dict
    default: {}
  last_run:
    description:
      - The summary of the last C(site.yml) / C(renew.yml) run. When absent, the report shows an em dash as the last
        action. When not valid, it warns and does the same.
      - Defaults to C(last-run.json) in O(dest).
    type: path
  write_json:
    description:
      - Also write C(<name>.json), the report's data.
    type: bool
    default: true
  now:
    description:
      - The time the days left are counted from (ISO 8601). Defaults to the current time. For reproducible reports
        and for test systems whose clock differs.
    type: str
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Reports what would change without writing.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: none
  idempotent:
    description:
      - When run twice in a row with the same arguments, the second run reports no change.
    support: partial
    details:
      - The report carries the time it was generated, so it changes on every run unless O(now) is given.
author:
  - certops.reseller contributors (@certops)
'''

EXAMPLES = r'''
- name: Write the report on the controller
  certops.reseller.certificate_report:
    dest: "{{ certops_report_dir }}"
    reseller_results: "{{ reseller.results }}"
    installed: "{{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'installed')
                   | map(attribute='results', default=[]))) }}"
  delegate_to: localhost
  run_once: true
'''

RETURN = r'''
html:
  description: Path of the HTML report.
  type: str
  returned: always
  sample: /home/ops/certops-reports/certops-report.html
json:
  description: Path of the JSON report (V(null) with O(write_json=false)).
  type: str
  returned: always
  sample: /home/ops/certops-reports/certops-report.json
certificates:
  description: Number of certificates (table rows) in the report.
  type: int
  returned: always
  sample: 12
windows:
  description: Number of certificates per window (C(expired), C(expiring_7d), C(expiring_30d), C(expiring_90d),
    C(later), C(none)); each certificate counts in its smallest window only.
  type: dict
  returned: always
  sample: {expired: 1, expiring_7d: 0, expiring_30d: 2, expiring_90d: 1, later: 8, none: 0}
last_run:
  description: Path of the last run summary that was read, V(null) when there was none.
  type: str
  returned: always
table:
  description: The report as text lines, for the job log.
  type: list
  elements: str
  returned: always
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import run_local_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_report import (
    certificate_report_argument_spec,
    handle,
)


def main():
    run_local_module(certificate_report_argument_spec(), handle)


if __name__ == '__main__':
    main()
