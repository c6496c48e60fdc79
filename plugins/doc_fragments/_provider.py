# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Documentation fragments shared by the certops.reseller modules.

Use in a module:
  extends_documentation_fragment:
    - certops.reseller._provider            # connection options (every module)
    - certops.reseller._provider.attributes # check_mode/diff_mode/idempotent descriptions + action group
    - certops.reseller._provider.wait       # wait / wait_timeout (modules that can wait for a job)
    - certops.reseller._provider.info_module  # info modules: check mode full, diff mode N/A

The connection options are those of the registry of providers (plugins/module_utils/_registry.py), written out here
because ansible-doc and validate-modules read documentation statically; tests/unit/plugins/module_utils/test_registry.py
holds the options, types, defaults, choices and environment variables equal to the registry's.
"""


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  provider:
    description:
      - The certificate reseller to talk to.
      - This option is required; it can also come from the environment variable E(CERTOPS_PROVIDER)
        or from C(module_defaults) for C(group/certops.reseller.api).
    type: str
    choices:
      - autodns
      - ssl247
  api_url:
    description:
      - Base URL of the API.
      - When not set, the environment variable E(CERTOPS_API_URL) is used, and when that is not set either,
        the provider's live URL - V(https://api.autodns.com/v1) (AutoDNS JSON), V(https://gateway.autodns.com)
        (AutoDNS XML) or V(https://api.ssl247.com/api/v3) (SSL247).
      - Use V(https://api.demo.autodns.com/v1) or V(https://demo.autodns.com/gateway/) for the AutoDNS demo system.
    type: str
  api_format:
    description:
      - Wire format of the AutoDNS API, the JSON REST API or the XML gateway.
      - Only V(json) exists for O(provider=ssl247).
      - Can also come from the environment variable E(CERTOPS_API_FORMAT).
    type: str
    choices:
      - json
      - xml
    default: json
  username:
    description:
      - AutoDNS user name, or the SSL247 user's e-mail address.
      - Can also come from the environment variable E(CERTOPS_USERNAME).
      - Required for both providers (O(provider=ssl247) sends it as C(u)).
    type: str
  password:
    description:
      - AutoDNS password, or the SSL247 user's password (not needed for an SSL247 API user).
      - Can also come from the environment variable E(CERTOPS_PASSWORD).
      - Required for O(provider=autodns).
    type: str
  api_key:
    description:
      - SSL247 API key.
      - Can also come from the environment variable E(CERTOPS_API_KEY).
      - Required for O(provider=ssl247).
    type: str
  context:
    description:
      - AutoDNS context (sent as C(X-Domainrobot-Context), or C(<context>) on the XML gateway).
      - Can also come from the environment variable E(CERTOPS_CONTEXT).
    type: int
    default: 4
  owner_user:
    description:
      - Act on behalf of this AutoDNS sub-user (sent as C(X-Domainrobot-Owner-User), or C(<owner><user>) on the
        XML gateway); the objects created belong to that user.
      - Needs O(owner_context). Only for O(provider=autodns).
      - Can also come from the environment variable E(CERTOPS_OWNER_USER).
    type: str
  owner_context:
    description:
      - The context of O(owner_user) (sent as C(X-Domainrobot-Owner-Context), or C(<owner><context>) on the XML gateway).
      - Can also come from the environment variable E(CERTOPS_OWNER_CONTEXT).
    type: int
  two_factor_token:
    description:
      - The current one-time code of an AutoDNS user with two-factor authentication (sent as C(X-Domainrobot-2FA-Token),
        or C(<auth><token>) on the XML gateway).
      - A code is valid for a short time only; set it for the run that needs it.
      - Can also come from the environment variable E(CERTOPS_2FA_TOKEN).
    type: str
  demo:
    description:
      - Talk to AutoDNS's public demo system, where nothing is billed.
      - When O(api_url) is not set, the demo system's URL is used (V(https://api.demo.autodns.com/v1) or
        V(https://demo.autodns.com/gateway/)); the JSON API also receives the header C(X-Domainrobot-Demo) set to V(true).
      - Can also come from the environment variable E(CERTOPS_DEMO).
    type: bool
    default: false
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate.
      - Only set to V(false) against a test system you control.
      - Takes effect also when the environment variables E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) are set.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file with the certificate authorities to trust for the API's TLS certificate, instead of the system store.
      - Takes precedence over the environment variables E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE), which otherwise
        name the trusted certificate authorities.
      - Can also come from the environment variable E(CERTOPS_CA_PATH).
      - A certificate that fails verification is refused at once, without retrying.
    type: path
  timeout:
    description:
      - Timeout in seconds for one HTTP request.
    type: float
    default: 60
  rate_limit:
    description:
      - Requests per second allowed to this provider account from this machine. Every request of every fork, process
        and playbook run to the same account (API URL, user, context) waits for its slot at one pacer, a lock file in the
        temporary directory (or E(CERTOPS_LOCK_DIR)); retries and polls count too.
      - When not set, the environment variable E(CERTOPS_RATE_LIMIT), else the provider's rate is used
        (AutoDNS 3 requests/s as documented; SSL247 publishes no figure, 2 requests/s is used). An O(api_url) on the
        loopback interface (a local test system such as the sandbox) gets 50 requests/s.
      - V(0) turns pacing off (a local test system only).
    type: float
notes:
  - Writes (ordering, renewing, reissuing, cancelling, revoking, contact and zone changes) are never repeated
    automatically once the request may have reached the provider. When the answer is lost, the module looks (jobs,
    certificates, contacts, zone) and goes on when the write happened; it fails with one sentence only when two looks
    find nothing.
  - One run at a time orders a given common name on one machine (a lock file held from the look to the order); after
    ordering, the module looks again and cancels younger duplicate orders placed by runs on other machines.
requirements:
  - requests
  - xmltodict (only for O(api_format=xml))
'''

    ATTRIBUTES = r'''
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target or spending money.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the provider has not changed in a relevant way in between.
  action_group:
    description: Use C(group/certops.reseller.api) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - certops.reseller.api
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This action does not modify state.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
  idempotent:
    support: full
    details:
      - This action does not modify state.
'''

    WAIT = r'''
options:
  wait:
    description:
      - Wait until the certificate is issued (or the job ended).
      - The job is polled with a growing interval (2 seconds up to 30 seconds).
      - When O(wait_timeout) passes first, the module fails with the job's id and its last status; it orders nothing
        more, so you can simply run it again later, or use M(certops.reseller.certificate_job) with O(certops.reseller.certificate_job#module:state=completed).
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait at most when O(wait=true).
    type: int
    default: 600
'''
