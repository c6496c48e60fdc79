# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as Galaxy, ansible-builder and REUSE see it: one built artifact shared by the tests."""

import glob
import os
import shutil
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope='session')
def collection_tarball():
    """``ansible-galaxy collection build`` of the working tree (build_ignore applied), as Galaxy would get it."""
    workdir = tempfile.mkdtemp(prefix='certops-build-')
    try:
        process = subprocess.run(['ansible-galaxy', 'collection', 'build', ROOT, '--output-path', workdir],
                                 check=False, capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, process.stdout + process.stderr
        tarballs = glob.glob(os.path.join(workdir, 'certops-reseller-*.tar.gz'))
        assert len(tarballs) == 1, tarballs
        yield tarballs[0]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
