# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the get-pip.py bootstrap script that ``ansible-test --venv`` downloads.

scripts/setup.sh copies it to ~/.ansible/test/cache/get_pip_<version>.py only when that file is
missing, so a machine that can reach the download host is unaffected.  It bootstraps pip with
the standard library's ensurepip, then installs what it was asked for from the package index
the machine is configured for.
"""

import ensurepip
import os
import subprocess
import sys

DROPPED = ('--no-setuptools', '--no-wheel')


def main():
    ensurepip.bootstrap(upgrade=True)
    # ensurepip points PIP_CONFIG_FILE at os.devnull, which would hide the machine's pip settings
    os.environ.pop('PIP_CONFIG_FILE', None)
    arguments = [argument for argument in sys.argv[1:] if argument not in DROPPED]
    sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install'] + arguments))


if __name__ == '__main__':
    main()
