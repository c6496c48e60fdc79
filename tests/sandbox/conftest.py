# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for the sandbox tests (helpers live in sandbox_helpers.py)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sandbox_helpers import SandboxProcess  # noqa: E402


@pytest.fixture
def start_sandbox(tmp_path):
    """Factory: start_sandbox('--dcv', 'check', ...) -> SandboxProcess; all are stopped after the test."""
    started = []

    def start(*args):
        proc = SandboxProcess(args, str(tmp_path / ('server-%d.log' % len(started))))
        started.append(proc)
        return proc
    yield start
    for proc in started:
        proc.stop()


@pytest.fixture
def sandbox(start_sandbox):
    """A running sandbox with default options (memory state, --dcv auto)."""
    return start_sandbox()


@pytest.fixture
def dns_responder():
    """A DnsResponder on 127.0.0.1 (see sandbox_helpers), stopped after the test."""
    from sandbox_helpers import DnsResponder
    responder = DnsResponder()
    yield responder
    responder.stop()


@pytest.fixture
def file_server():
    """A FileServer on 127.0.0.1 (see sandbox_helpers), stopped after the test."""
    from sandbox_helpers import FileServer
    server = FileServer()
    yield server
    server.stop()
