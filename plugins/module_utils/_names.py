# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""DNS names as certificates carry them, from names as people write them.

The one place that turns ``Bücher.example.`` into ``xn--bcher-kva.example``.  ``settle_name`` settles a
declared name (the plan's declaration, the local inspection on a managed host, the order module's
options) and refuses, in a sentence, a name no CA issues for.  ``normalize_name`` is the same conversion
for comparing with names read from certificates and providers: it never refuses, because a provider
lists certificates whose common name is no DNS name (code signing: an organisation's name).

UTS 46 (IDNA 2008) where the ``idna`` package is installed (requests depends on it, so it is there on
the controller); Python's built-in IDNA 2003 codec on a managed host without it.  The two agree on
every name except those with the four characters IDNA 2008 changed (ß, ς, ZWJ, ZWNJ: ``straße`` is
``xn--strae-oqa`` in one and ``strasse`` in the other); without ``idna`` such a name is refused rather
than given a second spelling, which would put its files at another path.
"""


import re

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError

try:
    import idna as _idna
    HAS_IDNA = True
except ImportError:  # pragma: no cover - the built-in codec is the fallback
    _idna = None
    HAS_IDNA = False

WILDCARD = '*.'
ACE_PREFIX = 'xn--'

# The characters IDNA 2003 maps away and IDNA 2008 keeps (UTS 46 "deviation" characters).
DEVIATIONS = u'\u00df\u03c2\u200c\u200d'

_LDH_LABEL = re.compile(r'^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')


def _a_labels(text):
    """Non-ASCII text -> A-labels; ValueError with the reason when it has none."""
    if HAS_IDNA:
        try:
            return _idna.encode(text, uts46=True).decode('ascii')
        except _idna.IDNAError as exc:
            raise ValueError(str(exc))
    if any(char in DEVIATIONS for char in text):
        raise ValueError('it contains ß, ς or a zero-width joiner, which IDNA 2003 and 2008 write differently; '
                         'install the Python package idna on this host')
    try:
        return text.encode('idna').decode('ascii').lower()
    except UnicodeError as exc:
        raise ValueError(str(exc) or 'the IDNA codec refused it')


def _convert(name):
    """-> A-labels, lower case, no trailing dot, ``*.`` kept; ValueError when a non-ASCII name has no A-labels."""
    text = (name or '').strip().rstrip('.')
    wildcard = text.startswith(WILDCARD)
    rest = text[len(WILDCARD):] if wildcard else text
    try:
        rest.encode('ascii')
        converted = rest.lower()
    except UnicodeEncodeError:
        converted = _a_labels(rest)
    return (WILDCARD if wildcard else '') + converted


def settle_name(name, option=None):
    """A declared DNS name -> as certificates carry it: A-labels, lower case, no trailing dot, ``*.`` kept.

    '' and None give ''.  Raises InputError with a sentence naming ``option`` (when given) and the name
    when it is no name a CA issues a certificate for."""
    def refuse(reason):
        raise InputError('%s%r %s' % ('%s ' % option if option else '', name, reason))
    try:
        settled = _convert(name)
    except ValueError as exc:
        refuse('is not a valid internationalized domain name (%s)' % exc)
    if not settled:
        return settled
    if len(settled) > 253:
        refuse('is longer than the 253 characters a DNS name may have')
    labels = settled.split('.')
    if labels[0] == '*':
        labels = labels[1:]
        if '*' in labels:
            refuse('has more than one wildcard; only the whole leftmost label may be *')
        if len(labels) < 2:
            refuse('puts a wildcard right below a top-level domain, which no CA issues')
    elif '*' in settled:
        refuse('has a wildcard that is not the whole leftmost label (write *.example.com)')
    if len(labels) < 2:
        refuse('is not a fully qualified domain name (it needs at least one dot)')
    for label in labels:
        if len(label) > 63:
            refuse('has a label longer than 63 characters')
        if not _LDH_LABEL.match(label):
            refuse('has a label with characters other than letters, digits and inner hyphens')
    if labels[-1].isdigit():
        refuse('ends in a numeric label; certificates here are for domain names, not IP addresses')
    return settled


def normalize_name(name):
    """A name read from a certificate, a CSR or a provider -> settled as ``settle_name`` settles it, so that
    ``Bücher.example`` and ``xn--bcher-kva.example`` compare equal; a name that is no DNS name comes back
    lower case as written (it matches no declared name) instead of failing the comparison."""
    try:
        return _convert(name)
    except ValueError:
        return (name or '').strip().rstrip('.').lower()


def unicode_name(name):
    """An A-label name -> the U-labels a person reads (``*.`` kept); a name without one, or one that does
    not decode, comes back as it is."""
    if not name or ACE_PREFIX not in name.lower():
        return name
    wildcard = name.startswith(WILDCARD)
    rest = name[len(WILDCARD):] if wildcard else name
    try:
        if HAS_IDNA:
            decoded = _idna.decode(rest)
        else:
            decoded = rest.encode('ascii').decode('idna')
    except UnicodeError:   # idna.IDNAError is one
        return name
    return (WILDCARD if wildcard else '') + decoded


def display_name(name):
    """``xn--bcher-kva.example (bücher.example)``: the A-label, and the U-labels beside it where they differ."""
    readable = unicode_name(name)
    return name if readable == name else '%s (%s)' % (name, readable)
