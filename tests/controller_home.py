# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A home directory of the test session's own, for the stages that start ansible-playbook (awx, e2e, faults).

report.yml and the certificate role's summary write into ``~/certops-reports`` when ``certops_report_dir`` is not
set. A test must point ``certops_report_dir`` into its own temporary directory: with HOME in a temporary directory
for the whole session, a test that forgets cannot touch the real home, and it fails (an error at its teardown)
naming the files it left there.  Import both fixtures into a stage's conftest.py; they are autouse.
"""

import os
import shutil
import tempfile

import pytest

REPORT_DIR = 'certops-reports'   # the default of certops_report_dir, below ~


@pytest.fixture(scope='session', autouse=True)
def controller_home():
    home = tempfile.mkdtemp(prefix='certops-home-')
    real_home = os.environ.get('HOME')
    os.environ['HOME'] = home   # inherited by every ansible-playbook / ansible-runner the tests start
    try:
        yield home
    finally:
        if real_home is None:
            os.environ.pop('HOME', None)
        else:
            os.environ['HOME'] = real_home
        written = _reports_written(home)
        shutil.rmtree(home, ignore_errors=True)
    # what a module-scoped fixture wrote after the last test of its module
    _assert_none_written(written, 'the session')


@pytest.fixture(autouse=True)
def nothing_written_into_home(controller_home, request):
    yield
    written = _reports_written(controller_home)
    shutil.rmtree(os.path.join(controller_home, REPORT_DIR), ignore_errors=True)   # the next test starts clean
    _assert_none_written(written, request.node.nodeid)


def _reports_written(home):
    return sorted(os.path.relpath(os.path.join(directory, name), home)
                  for directory, _dirs, files in os.walk(os.path.join(home, REPORT_DIR)) for name in files)


def _assert_none_written(written, who):
    assert not written, (
        '%s wrote %s into the home directory (~/%s is the default of certops_report_dir): give the playbook '
        'certops_report_dir in the test\'s own temporary directory' % (who, ', '.join(written), REPORT_DIR))
