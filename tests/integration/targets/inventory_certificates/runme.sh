#!/usr/bin/env bash
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The inventory plugin certops.reseller.certificates run by ansible-inventory and ansible-playbook against the
# sandbox, whose one certificate carries a template string where the provider tells its product, serial number and
# a name: the string must reach the play as text and never run on the controller.

set -eux

source ../setup_sandbox/files/sandbox.sh

LITERAL="{{ lookup('pipe', 'touch ${PWD}/templated') }}"
rm -f templated

# A sandbox state holding one issued AutoDNS certificate, then the template where the API tells those values.
SEED_DIR="$(mktemp -d "${TMPDIR:-/tmp}/certops-seed.XXXXXX")"
trap 'rm -rf "${SEED_DIR}"' EXIT
"$(sandbox_python)" - "$(sandbox_collection_root)" "${SEED_DIR}/state.json" "${LITERAL}" <<'PY'
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

root, state_path, literal = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, 'tests', 'simulator'))
import core  # noqa: E402

name = 'literal.example.com'
key = ec.generate_private_key(ec.SECP256R1())
csr = (x509.CertificateSigningRequestBuilder()
       .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
       .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
       .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode('ascii'))
sandbox = core.Sandbox(state_path=state_path, dcv_mode='auto')
sandbox.create_order('autodns', name, None, csr, 'BASIC_SSL', 12, 'dns')
sandbox.tick()
sandbox.advance_clock((core.AUTO_DCV_SECONDS + 1) / 86400.0)
sandbox.tick()
(certificate,) = sandbox.state['certificates'].values()
certificate.update(product=literal, serial=literal, names=[name, literal])
sandbox.save()
PY
export SANDBOX_SEED_STATE="${SEED_DIR}/state.json"
sandbox_start   # (its own EXIT trap stops it)
rm -rf "${SEED_DIR}"

SOURCE="${SANDBOX_DIR}/sandbox.certops.yml"
cat >"${SOURCE}" <<YAML
plugin: certops.reseller.certificates
provider: autodns
api_url: ${SANDBOX_AUTODNS_JSON_URL}
username: sandbox
password: sandbox
compose:
  ansible_connection: "'local'"
  shown_product: certops_product
YAML

export ANSIBLE_INVENTORY_ENABLED=certops.reseller.certificates ANSIBLE_INVENTORY_UNPARSED_FAILED=true

ansible-inventory -i "${SOURCE}" --list >"${SANDBOX_DIR}/list.json"
"$(sandbox_python)" - "${SANDBOX_DIR}/list.json" "${LITERAL}" <<'PY'
import json
import sys

def plain(value):
    """ansible-core 2.19 writes untrusted strings as {"__ansible_unsafe": ...} in --list."""
    if isinstance(value, dict) and set(value) == {'__ansible_unsafe'}:
        return value['__ansible_unsafe']
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value

with open(sys.argv[1]) as handle:
    hostvars = json.load(handle)['_meta']['hostvars']
literal = sys.argv[2]
(variables,) = [v for host, v in hostvars.items() if host.startswith('literal.example.com_default_')]
for name in ('certops_product', 'certops_serial_number', 'shown_product'):
    assert plain(variables[name]) == literal, (name, variables[name])
assert plain(variables['certops_names']) == ['literal.example.com', literal], variables['certops_names']
PY

# (handed over through the environment: an extra var would be a trusted template itself)
CERTOPS_TEST_LITERAL="${LITERAL}" ansible-playbook -i "${SOURCE}" inventory_certificates.yml "$@"

test ! -e templated   # the lookup never ran
