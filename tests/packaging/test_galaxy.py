# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built artifact through galaxy-importer (Galaxy's own import checks, offline settings) and REUSE."""

import os
import subprocess

import yaml

from conftest import ROOT

IMPORTER_CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'galaxy-importer.cfg')


def _galaxy_importer(tarball):
    # galaxy-importer writes importer_result.json into its working directory: the artifact's, not the checkout.
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=IMPORTER_CONFIG)
    # The importer's ansible-lint must not find this checkout's collection: it looks at the artifact only.
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    return subprocess.run(['python', '-m', 'galaxy_importer.main', tarball], check=False, capture_output=True, text=True,
                          env=env, cwd=os.path.dirname(tarball), timeout=600)


def test_galaxy_yml_has_a_tag_from_the_importers_required_list():
    from galaxy_importer.schema import REQUIRED_TAG_LIST
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        tags = yaml.safe_load(handle)['tags']
    assert set(tags) & set(REQUIRED_TAG_LIST), tags
    assert len(tags) <= 20


def test_galaxy_importer_accepts_the_artifact_without_warnings(collection_tarball):
    process = _galaxy_importer(collection_tarball)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output[-6000:]
    assert 'Importer processing completed successfully' in output, output[-6000:]
    problems = [line for line in output.splitlines() if line.startswith(('WARNING', 'ERROR'))]
    assert problems == [], '\n'.join(problems)
    # check_required_tags is on in the offline settings: the importer itself checked the tags.
    assert 'check_required_tags = True' in open(IMPORTER_CONFIG).read()


def test_reuse_lint_finds_licence_information_for_every_file():
    process = subprocess.run(['reuse', '--root', ROOT, 'lint'], cwd=ROOT, check=False, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stdout[-6000:] + process.stderr
