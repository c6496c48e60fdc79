# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The changelog a release would write: antsibull-changelog release on a copy of the artifact's files."""

import os
import shutil
import subprocess
import tarfile
import tempfile

import pytest

from conftest import ROOT


@pytest.fixture(scope='module')
def released(collection_tarball):
    workdir = tempfile.mkdtemp(prefix='certops-release-')
    try:
        collection = os.path.join(workdir, 'ansible_collections', 'certops', 'reseller')
        os.makedirs(collection)
        with tarfile.open(collection_tarball) as archive:
            archive.extractall(collection, filter='data')
        # antsibull-changelog recognizes a collection source tree by its galaxy.yml (the artifact has MANIFEST.json).
        shutil.copy(os.path.join(ROOT, 'galaxy.yml'), collection)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=workdir)
        lint = subprocess.run(['antsibull-changelog', 'lint'], cwd=collection, check=False, capture_output=True, text=True,
                              env=env, timeout=120)
        assert lint.returncode == 0 and not lint.stdout.strip(), lint.stdout + lint.stderr
        release = subprocess.run(['antsibull-changelog', 'release', '--version', '0.1.0', '--date', '2026-12-01'],
                                 cwd=collection, check=False, capture_output=True, text=True, env=env, timeout=300)
        assert release.returncode == 0, release.stdout + release.stderr
        with open(os.path.join(collection, 'CHANGELOG.rst')) as handle:
            yield handle.read()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_release_has_a_summary(released):
    assert 'Release Summary' in released
    assert 'The first release of certops.reseller' in released


def test_roles_are_listed_as_new_roles(released):
    assert 'New Roles' in released, released
    section = released.split('New Roles', 1)[1]
    for role in ('certops.reseller.certificate', 'certops.reseller.deploy', 'certops.reseller.dns_validation'):
        assert role in section, section[:2000]
