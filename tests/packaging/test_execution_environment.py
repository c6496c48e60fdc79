# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""meta/execution-environment.yml as ansible-builder uses it.

``ansible-builder create`` writes the build context of extras/ee/execution-environment.yml (with the collection
installed from the built artifact instead of Galaxy). The test then runs the two build steps that matter, without a
container: the ``ansible-galaxy collection install`` of the context's requirements.yml and the context's own
``introspect.py introspect --write-pip --write-bindep``; the files it writes are what the image installs.
"""

import os
import re
import shutil
import subprocess
import tempfile

import pytest
import yaml

from conftest import ROOT

EE_DEFINITION = os.path.join(ROOT, 'extras', 'ee', 'execution-environment.yml')


def _requirement_names(text):
    names = []
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            names.append(re.split(r'[\s<>=!~\[;]', line, maxsplit=1)[0].lower())
    return names


@pytest.fixture(scope='module')
def context(collection_tarball):
    workdir = tempfile.mkdtemp(prefix='certops-ee-')
    try:
        with open(EE_DEFINITION) as handle:
            definition = yaml.safe_load(handle)
        tarball = os.path.basename(collection_tarball)
        shutil.copy(collection_tarball, os.path.join(workdir, tarball))
        # Galaxy is not reachable here: the collection comes from the built artifact, copied into the context.
        definition['dependencies']['galaxy'] = {'collections': [{'name': 'collections/' + tarball, 'type': 'file'}]}
        definition['additional_build_files'] = [{'src': tarball, 'dest': 'collections'}]
        path = os.path.join(workdir, 'execution-environment.yml')
        with open(path, 'w') as handle:
            yaml.safe_dump(definition, handle)
        process = subprocess.run(['ansible-builder', 'create', '-f', path, '-c', os.path.join(workdir, 'context'),
                                  '--output-filename', 'Containerfile'],
                                 cwd=workdir, check=False, capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, process.stdout + process.stderr
        yield os.path.join(workdir, 'context')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='module')
def introspected(context):
    """The galaxy and introspect steps of the Containerfile, run here on the context."""
    build = os.path.join(context, '_build')
    collections = tempfile.mkdtemp(prefix='certops-ee-collections-')
    try:
        install = subprocess.run(['ansible-galaxy', 'collection', 'install', '--no-deps', '--force', '-r', 'requirements.yml',
                                  '--collections-path', collections], cwd=build, check=False, capture_output=True, text=True,
                                 timeout=300)
        assert install.returncode == 0, install.stdout + install.stderr
        pip_file = os.path.join(collections, 'requirements.txt')
        bindep_file = os.path.join(collections, 'bindep.txt')
        introspect = subprocess.run(['python', os.path.join(build, 'scripts', 'introspect.py'), 'introspect',
                                     '--write-pip', pip_file, '--write-bindep', bindep_file, collections],
                                    check=False, capture_output=True, text=True, timeout=120)
        assert introspect.returncode == 0, introspect.stdout + introspect.stderr
        with open(pip_file) as handle:
            pip = handle.read()
        with open(bindep_file) as handle:
            bindep = handle.read()
        yield dict(pip=pip, bindep=bindep, output=introspect.stdout)
    finally:
        shutil.rmtree(collections, ignore_errors=True)


def test_context_has_a_containerfile_that_introspects_and_installs_the_collection(context):
    with open(os.path.join(context, 'Containerfile')) as handle:
        containerfile = handle.read()
    assert 'introspect.py introspect' in containerfile
    assert 'ansible-galaxy collection install' in containerfile
    assert os.path.isfile(os.path.join(context, '_build', 'scripts', 'introspect.py'))
    with open(os.path.join(context, '_build', 'requirements.yml')) as handle:
        requirements = yaml.safe_load(handle)
    tarball = requirements['collections'][0]['name']
    assert os.path.isfile(os.path.join(context, '_build', tarball)), tarball


def test_python_requirements_reach_the_image(introspected):
    names = _requirement_names(introspected['pip'])
    for package in ('requests', 'xmltodict', 'dnspython', 'cryptography'):
        assert package in names, introspected['pip']
    assert 'from collection certops.reseller' in introspected['pip']


def test_the_package_providing_dig_reaches_the_image(introspected):
    bindep = introspected['bindep']
    names = _requirement_names(bindep)
    assert 'bind9-dnsutils' in names and 'bind-utils' in names, bindep
    # On this Debian machine the [platform:dpkg] entry is the package that really ships dig.
    dig = shutil.which('dig')
    assert dig, 'dig is missing: scripts/setup.sh installs bind9-dnsutils'
    owner = subprocess.run(['dpkg', '-S', os.path.realpath(dig)], check=False, capture_output=True, text=True, timeout=60)
    assert owner.returncode == 0, owner.stderr
    assert owner.stdout.split(':', 1)[0].strip() in names, (owner.stdout, bindep)


def test_introspect_reads_the_collection_metadata_file(introspected):
    with open(os.path.join(ROOT, 'meta', 'execution-environment.yml')) as handle:
        metadata = yaml.safe_load(handle)
    assert metadata['version'] == 1
    for kind in ('python', 'system'):
        assert os.path.isfile(os.path.join(ROOT, metadata['dependencies'][kind]))
