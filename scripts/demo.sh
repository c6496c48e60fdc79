#!/usr/bin/env bash
# The main job, end to end on the bundled sandbox, on 127.0.0.1 only:
#   a real BIND (zone example.test, TSIG-signed dynamic updates), the sandbox with real DCV checks, a real nginx;
#   playbooks/demo.yml creates the key on the "host", orders the certificate (AutoDNS JSON), publishes the DCV
#   record through nsupdate, waits for issuance, removes the record, deploys the files and reloads nginx;
#   then openssl s_client checks that nginx serves the ordered certificate. Prints where to look.
# Usage: bash scripts/demo.sh [--keep] [--workdir DIR]     (--keep leaves BIND, nginx and the sandbox running)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
exec python "$ROOT/tests/e2e/lab.py" demo "$@"
