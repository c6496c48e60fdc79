# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sort a Sphinx warnings file (scripts/docs.sh): fail on the collection's own, tolerate the offline ones."""

import re
import sys

# References that only an intersphinx inventory resolves: other collections' plugins, docs.ansible.com labels, and
# ansible-core's own configuration variables (ANSIBLE_*, e.g. those of the inventory cache options an inventory plugin
# takes from ansible.builtin's doc fragment), which ansible-core's configuration page defines.
OFFLINE = re.compile(r"undefined label: '(?!ansible_collections\.certops\.reseller\.)[^']+'"
                     r"|'envvar' reference target not found: ANSIBLE_"
                     r"|term not in glossary"
                     r"|unknown document: '(?!/?collections/certops/reseller)")


def main(path):
    with open(path) as handle:
        lines = [line.rstrip('\n') for line in handle if line.strip()]
    # Sphinx continues a warning on indented lines.
    warnings = [line for line in lines if not line.startswith(' ')]
    tolerated = [line for line in warnings if OFFLINE.search(line)]
    own = [line for line in warnings if not OFFLINE.search(line)]
    for line in tolerated:
        print('offline, tolerated: %s' % line)
    for line in own:
        print('WARNING: %s' % line)
    print('docsite warnings: %d from the collection, %d offline references tolerated' % (len(own), len(tolerated)))
    return 1 if own else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
