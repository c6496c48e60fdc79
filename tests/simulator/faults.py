# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fault injection for the sandbox: rules set through ``/_sandbox/faults``.

A rule is a dict::

    {"kind": "cut_after_commit",          # one of KINDS
     "operation": "400101|place-quick",   # regular expression searched in the logged operation (optional)
     "provider": "autodns", "format": "xml",  # optional filters
     "method": "POST",                    # optional
     "count": 2,                          # fire at most this many times (default 1 unless probability is set)
     "probability": 0.3,                  # fire on this share of the matching requests (seeded: "seed")
     "status": 502, "retry_after": 1, "delay": 2.5}   # kind parameters (optional)

The request is always handed to the front-end first (that is how its operation is known); a fault
that acts *before the commit* then rolls the sandbox state back to what it was before the request,
so the provider "never saw it".  A fault *after the commit* keeps the state and spoils the answer.
Every faulted request is marked in the request log (``fault``: the kind).
"""

import copy
import random
import re
import threading

# kind -> whether the provider acted on the request (the state change is kept)
KINDS = {
    'cut_before_commit': False,    # the connection closes before the provider acts: no answer
    'cut_after_commit': True,      # the provider acted, then the connection closes: no answer
    'error_before_commit': False,  # 5xx (default 503) and nothing done
    'error_after_commit': True,    # the provider acted, then answers 5xx (default 502)
    'rate_limited': False,         # 429 with Retry-After (default 1 second); nothing done
    'slow': True,                  # the provider acted; the answer comes after ``delay`` seconds (default 3)
    'truncated': True,             # the real answer, cut in the middle (Content-Length matches the cut body)
    'malformed': True,             # an answer in the right content type that does not parse
    'html_error': True,            # an HTML error page (status default 500)
    'empty_body': True,            # status 200, no body
    'wrong_content_type': True,    # the real answer labelled text/plain
    'entity_bomb': True,           # an XML document with nested entities ("billion laughs")
    'external_entity': True,       # an XML document with an external entity (file:///etc/passwd)
}

# Body faults may be asked to act before the commit with "commit": false.
BODY_KINDS = ('truncated', 'malformed', 'html_error', 'empty_body', 'wrong_content_type', 'entity_bomb',
              'external_entity')

ENTITY_BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
               b' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
               b' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
               b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
               b' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n'
               b' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">\n'
               b']>\n<response><result><status><code>&lol5;</code></status></result></response>\n')
EXTERNAL_ENTITY = (b'<?xml version="1.0"?>\n<!DOCTYPE response [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
                   b'<response><result><status><code>&xxe;</code><type>success</type></status></result></response>\n')
HTML_PAGE = (b'<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n'
             b'<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>\n')


class FaultAnswer(object):
    """What the server does instead of (or with) the real answer."""

    def __init__(self, kind, action, status=None, content_type=None, body=None, headers=None, delay=0.0):
        self.kind = kind
        self.action = action          # 'cut' (close without answer) or 'answer'
        self.status = status
        self.content_type = content_type
        self.body = body
        self.headers = headers or {}
        self.delay = delay


class Rule(object):
    FIELDS = ('kind', 'operation', 'provider', 'format', 'method', 'count', 'probability', 'seed', 'status',
              'retry_after', 'delay', 'commit')

    def __init__(self, data, number):
        if not isinstance(data, dict):
            raise ValueError('a rule must be an object')
        unknown = sorted(set(data) - set(self.FIELDS))
        if unknown:
            raise ValueError('unknown rule fields: %s' % ', '.join(unknown))
        self.kind = data.get('kind')
        if self.kind not in KINDS:
            raise ValueError('kind must be one of %s' % ', '.join(sorted(KINDS)))
        self.number = number
        self.operation = data.get('operation')
        self.pattern = re.compile(self.operation) if self.operation else None
        self.provider = data.get('provider')
        self.format = data.get('format')
        self.method = data.get('method')
        self.probability = data.get('probability')
        if self.probability is not None:
            self.probability = float(self.probability)
            if not 0 <= self.probability <= 1:
                raise ValueError('probability must be between 0 and 1')
        count = data.get('count')
        self.remaining = int(count) if count is not None else (None if self.probability is not None else 1)
        self.random = random.Random(data.get('seed', number))
        self.status = data.get('status')
        self.retry_after = data.get('retry_after', 1)
        self.delay = float(data.get('delay', 3.0))
        commit = data.get('commit')
        if commit is not None and self.kind not in BODY_KINDS:
            raise ValueError('commit can be chosen only for the body kinds (%s)' % ', '.join(BODY_KINDS))
        self.commit = KINDS[self.kind] if commit is None else bool(commit)
        self.fired = 0
        self.data = dict(data)

    def matches(self, provider, api_format, method, operation):
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.provider and self.provider != provider:
            return False
        if self.format and self.format != api_format:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        if self.pattern is not None and not self.pattern.search(operation or ''):
            return False
        if self.probability is not None and self.random.random() >= self.probability:
            return False
        return True

    def fire(self):
        self.fired += 1
        if self.remaining is not None:
            self.remaining -= 1

    def describe(self):
        return dict(self.data, id=self.number, fired=self.fired, remaining=self.remaining, commit=self.commit)

    def answer(self, status, content_type, body, api_format):
        """The FaultAnswer for a real answer (status, content type, body)."""
        kind = self.kind
        xml = api_format == 'xml'
        if kind in ('cut_before_commit', 'cut_after_commit'):
            return FaultAnswer(kind, 'cut')
        if kind in ('error_before_commit', 'error_after_commit'):
            code = int(self.status or (503 if kind == 'error_before_commit' else 502))
            return FaultAnswer(kind, 'answer', code, 'text/plain; charset=utf-8', b'upstream error\n')
        if kind == 'rate_limited':
            return FaultAnswer(kind, 'answer', 429, 'application/json',
                               b'{"error": "too many requests"}\n', {'Retry-After': str(self.retry_after)})
        if kind == 'slow':
            return FaultAnswer(kind, 'answer', status, content_type, body, delay=self.delay)
        if kind == 'truncated':
            return FaultAnswer(kind, 'answer', status, content_type, body[:max(1, len(body) // 2)])
        if kind == 'malformed':
            broken = b'<response><result><status><code>S4001' if xml else b'{"stid": "x", "status": {"code": '
            return FaultAnswer(kind, 'answer', status, content_type, broken)
        if kind == 'html_error':
            return FaultAnswer(kind, 'answer', int(self.status or 500), 'text/html; charset=utf-8', HTML_PAGE)
        if kind == 'empty_body':
            return FaultAnswer(kind, 'answer', int(self.status or 200), content_type, b'')
        if kind == 'wrong_content_type':
            return FaultAnswer(kind, 'answer', status, 'text/plain; charset=utf-8', body)
        if kind == 'entity_bomb':
            return FaultAnswer(kind, 'answer', int(self.status or 200), 'text/xml; charset=utf-8', ENTITY_BOMB)
        return FaultAnswer(kind, 'answer', int(self.status or 200), 'text/xml; charset=utf-8', EXTERNAL_ENTITY)


class FaultInjector(object):
    """The rules of one sandbox; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.next_number = 1
        self.fired_by_kind = {}

    def add(self, rules):
        if isinstance(rules, dict):
            rules = rules.get('rules', [rules]) if 'rules' in rules else [rules]
        if not isinstance(rules, list) or not rules:
            raise ValueError('the body must be a rule, a list of rules or {"rules": [...]}')
        with self.lock:
            made = []
            for data in rules:
                made.append(Rule(data, self.next_number))
                self.next_number += 1
            self.rules.extend(made)
            return [rule.describe() for rule in made]

    def clear(self):
        with self.lock:
            count = len(self.rules)
            self.rules = []
            self.fired_by_kind = {}
            return count

    def describe(self):
        with self.lock:
            return dict(rules=[rule.describe() for rule in self.rules], fired=dict(self.fired_by_kind))

    @property
    def active(self):
        return bool(self.rules)

    def pick(self, provider, api_format, method, operation):
        """The first rule that fires for this request (and counts it), or None."""
        with self.lock:
            for rule in self.rules:
                if rule.matches(provider, api_format, method, operation):
                    rule.fire()
                    self.fired_by_kind[rule.kind] = self.fired_by_kind.get(rule.kind, 0) + 1
                    return rule
        return None


def snapshot(sandbox):
    """What a before-commit fault restores (the caller holds the sandbox lock)."""
    return copy.deepcopy(sandbox.state)


def restore(sandbox, state):
    sandbox.state = state
    sandbox.save()
