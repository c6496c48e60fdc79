# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The session's own home directory: the playbooks these tests start write nothing into the real one."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# autouse: HOME in a temporary directory; a test that writes into ~/certops-reports fails
from controller_home import controller_home, nothing_written_into_home  # noqa: E402,F401 pylint: disable=unused-import
