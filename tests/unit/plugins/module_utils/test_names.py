# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils import _names
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._names import (
    display_name,
    normalize_name,
    settle_name,
    unicode_name,
)

SETTLED = [
    ('bücher.example', 'xn--bcher-kva.example'),                       # a U-label
    ('Bücher.Example.COM', 'xn--bcher-kva.example.com'),               # mixed case
    ('www.example.com.', 'www.example.com'),                           # a trailing dot
    ('Bücher.example.', 'xn--bcher-kva.example'),
    ('*.bücher.example', '*.xn--bcher-kva.example'),                   # a wildcard over a U-label
    ('XN--BCHER-KVA.example', 'xn--bcher-kva.example'),                # already an A-label
    ('*.xn--bcher-kva.example', '*.xn--bcher-kva.example'),
    ('  www.example.com ', 'www.example.com'),
]


@pytest.mark.parametrize('written, settled', SETTLED)
def test_a_declared_name_is_settled_as_certificates_carry_it(written, settled):
    assert settle_name(written) == settled
    assert settle_name(settled) == settled        # settling is idempotent
    assert normalize_name(written) == settled     # comparisons settle the same way


@pytest.mark.parametrize('written, settled', [case for case in SETTLED if 'ü' in case[0]])
def test_without_the_idna_package_the_builtin_codec_settles_the_same(monkeypatch, written, settled):
    monkeypatch.setattr(_names, 'HAS_IDNA', False)
    assert settle_name(written) == settled


def test_idna_2008_keeps_the_sharp_s_and_without_the_package_it_is_refused_not_spelled_twice(monkeypatch):
    assert settle_name('straße.example') == 'xn--strae-oqa.example'
    monkeypatch.setattr(_names, 'HAS_IDNA', False)
    with pytest.raises(InputError) as caught:
        settle_name('straße.example', 'common_name')
    assert str(caught.value).startswith("common_name 'straße.example' is not a valid internationalized domain name (")
    assert 'install the Python package idna on this host' in str(caught.value)


@pytest.mark.parametrize('use_idna', [True, False])
@pytest.mark.parametrize('written, words', [
    ('bü cher.example', ''),
    ('bücher..example', ''),
    ('ü' * 70 + '.example', ''),
    ('*.*.bücher.example', ''),
    ('bücher', 'needs at least one dot'),
    ('www.bücher_x.example', ''),
])
def test_an_invalid_name_is_refused_in_a_sentence_naming_option_and_name(monkeypatch, use_idna, written, words):
    monkeypatch.setattr(_names, 'HAS_IDNA', use_idna and _names.HAS_IDNA)
    with pytest.raises(InputError) as caught:
        settle_name(written, 'subject_alternative_names')
    message = str(caught.value)
    assert message.startswith('subject_alternative_names %r ' % written), message
    assert words in message
    assert '\n' not in message


def test_an_empty_name_settles_to_nothing():
    assert settle_name('') == '' and settle_name(None) == '' and normalize_name(None) == ''


def test_a_name_read_from_a_provider_is_compared_settled_and_never_refused():
    # AutoDNS's certificate "name" may carry the U-labels ("idn" the A-labels): it is the same certificate
    assert normalize_name('Bücher.example') == normalize_name('xn--bcher-kva.example.')
    # a code-signing certificate's common name is an organisation: it matches no declared name, and fails nothing
    assert normalize_name('Müller & Söhne GmbH') == 'müller & söhne gmbh'


@pytest.mark.parametrize('settled, unicode, shown', [
    ('xn--bcher-kva.example', 'bücher.example', 'xn--bcher-kva.example (bücher.example)'),
    ('*.xn--bcher-kva.example', '*.bücher.example', '*.xn--bcher-kva.example (*.bücher.example)'),
    ('www.example.com', 'www.example.com', 'www.example.com'),
    ('xn--zz--.example', 'xn--zz--.example', 'xn--zz--.example'),     # not valid punycode: shown as it is
    (None, None, None),
])
def test_the_u_labels_are_shown_beside_the_a_labels(settled, unicode, shown):
    assert unicode_name(settled) == unicode
    assert display_name(settled) == shown
