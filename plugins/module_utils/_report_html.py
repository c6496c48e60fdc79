# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The expiry report as one self-contained HTML page (inline CSS, JS and SVG, nothing fetched), drawn from
what _report_data.build_report() returns.

Everything that came from a provider or a host is escaped: a certificate name is data, never markup.
"""


import datetime

from html import escape

from ansible_collections.certops.reseller.plugins.module_utils._inventory import DEFAULT_EXPIRED_GROUP, DEFAULT_EXPIRY_WINDOWS
from ansible_collections.certops.reseller.plugins.module_utils._model import parse_datetime
from ansible_collections.certops.reseller.plugins.module_utils._names import display_name
from ansible_collections.certops.reseller.plugins.module_utils._report_data import (
    LATER,
    NO_VALUE,
    TERM_GROUPS,
    WINDOW_ORDER,
    last_run_text,
)

WINDOW_COLOURS = {
    DEFAULT_EXPIRED_GROUP: '#b3261e',
    'expiring_7d': '#e8710a',
    'expiring_30d': '#c79100',
    'expiring_90d': '#3f7dd1',
    LATER: '#2e7d32',
    'none': '#777777',
}
# The paid term's marks and spans on the timeline.
TERM_COLOUR = '#6a3d9a'
# The timeline reaches this far ahead for term ends; a later one is drawn at its right edge, pointing on.
TERM_HORIZON_DAYS = 400


def _e(value):
    return escape('' if value is None else str(value), quote=True)


def _date(value):
    return value[:10] if value else NO_VALUE


def _deployment_html(deployment):
    mark = {True: '\u2713', False: '\u2717'}.get(deployment['serial_match'], '?' if deployment['state'] == 'missing' else '')
    title = '%s: %s%s' % (deployment['host'], deployment['path'] or '', ' (missing)' if deployment['state'] == 'missing' else '')
    cls = 'dep ok' if deployment['serial_match'] else ('dep missing' if deployment['state'] == 'missing' else 'dep bad')
    return '<span class="%s" title="%s">%s %s</span>' % (cls, _e(title), _e(deployment['host']), mark)


def _row_html(row):
    days = row['days_remaining']
    deployed = ' '.join(_deployment_html(d) for d in row['deployments']) or NO_VALUE
    last = row.get('last_run')
    cells = [
        (row['common_name'], _e(display_name(row['common_name'])) + ('<div class="names">%s</div>' % _e(', '.join(
            display_name(n) for n in row['names'] if n and n != row['common_name'])) if len(row['names']) > 1 else '')),
        (row['connection'], _e(row['connection'])),
        (row['provider'], _e(row['provider'])),
        (row['id'] or '', _e(row['id'] or NO_VALUE)),
        (row['product'] or '', _e(row['product'] or NO_VALUE)),
        (row['status'], '<span class="status %s">%s</span>' % (_e(row['status']), _e(row['status']))),
        (row['not_after'] or '', _e(_date(row['not_after']))),
        ('' if days is None else days, _e(NO_VALUE if days is None else days)),
        ('' if row.get('term_days_remaining') is None else row['term_days_remaining'], _term_html(row)),
        (WINDOW_ORDER.index(row['window']), '<span class="win %s">%s</span>' % (_e(row['window']), _e(row['window']))),
        (' '.join(d['host'] for d in row['deployments']), deployed),
        (row['serial_match'], _e(row['serial_match'])),
        (last_run_text(row), '<span title="%s">%s</span>' % (_e((last or {}).get('message') or ''), _e(last_run_text(row)))),
    ]
    tds = ''.join('<td data-sort="%s">%s</td>' % (_e(sort), html) for sort, html in cells)
    return '<tr class="cert" id="%s" data-window="%s" data-groups="%s" data-status="%s" data-source="%s">%s</tr>' % (
        _e(row['row']), _e(row['window']), _e(' '.join(row['groups'] + row.get('term_groups', []))), _e(row['status']),
        _e(row['source']), tds)


def term_details(row):
    """The provider's term data of a row in words (``multiyear; reissue required; 2 years; reissues left: 3``)."""
    words = []
    if row.get('multiyear'):
        words.append('multiyear')
    if row.get('reissue_required'):
        words.append('reissue required')
    if row.get('reissue_status') not in (None, ''):
        words.append('reissue status: %s' % row['reissue_status'])
    if row.get('term_years'):
        words.append('%s year%s' % (row['term_years'], '' if row['term_years'] == 1 else 's'))
    if row.get('remaining_reissues') not in (None, ''):
        words.append('reissues left: %s' % row['remaining_reissues'])
    return '; '.join(words)


def _term_html(row):
    """The term-end cell: the date and the days left in the term, the provider's term data as its title."""
    if not row.get('term_end'):
        return _e(NO_VALUE)
    days = row.get('term_days_remaining')
    groups = row.get('term_groups') or []
    details = term_details(row)
    html = '<span class="term %s" title="%s">%s <span class="term-days">(%s days)</span></span>' % (
        _e(groups[0] if groups else 'term_later'), _e(details), _e(_date(row['term_end'])), _e(days))
    if row.get('reissue_required'):
        html += '<div class="names">reissue required</div>'
    return html


def timeline_svg(rows, now, width=960, lane_height=16, max_lanes=20):
    """Inline SVG: one circle (class ``mark``) per certificate with an expiry, and one diamond (class
    ``term-mark``) at the end of its paid term joined to it by a line (class ``term-span``), on a time axis
    with today and the 7/30/90-day windows shaded.  Marks that would overlap go to the next lane.  A term
    that ends more than TERM_HORIZON_DAYS ahead is drawn at the right edge as an arrow (class ``beyond``)."""
    dated = [row for row in rows if row['not_after'] or row.get('term_end')]
    left, right, top = 50, width - 20, 28
    start = now - datetime.timedelta(days=30)
    end = now + datetime.timedelta(days=120)
    horizon = now + datetime.timedelta(days=TERM_HORIZON_DAYS)
    for row in dated:
        for when in _timeline_dates(row):
            start = min(start, when - datetime.timedelta(days=7))
            end = max(end, min(when, horizon) + datetime.timedelta(days=7))
    span = (end - start).total_seconds() or 1.0

    def x_of(when):
        return left + (right - left) * (min(when, end) - start).total_seconds() / span

    lanes_end = []
    marks = []
    for row in sorted(dated, key=lambda r: min(_timeline_dates(r))):
        xs = [x_of(when) for when in _timeline_dates(row)]
        first, last_x = min(xs), max(xs)
        lane = next((index for index, last in enumerate(lanes_end) if first - last >= 12), None)
        if lane is None:
            if len(lanes_end) < max_lanes:
                lane = len(lanes_end)
                lanes_end.append(last_x)
            else:   # every lane is taken here: the one free soonest overlaps least
                lane = min(range(len(lanes_end)), key=lanes_end.__getitem__)
        lanes_end[lane] = max(lanes_end[lane], last_x)
        marks.append((row, lane))
    lanes = max(1, len(lanes_end))
    axis_y = top + lanes * lane_height + 8
    height = axis_y + 34
    parts = ['<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="100%%" viewBox="0 0 %d %d" role="img" '
             'aria-label="Certificate expiry timeline">' % (width, height)]
    x_now = x_of(now)
    for name in sorted(DEFAULT_EXPIRY_WINDOWS, key=DEFAULT_EXPIRY_WINDOWS.get, reverse=True):
        x_end = x_of(now + datetime.timedelta(days=DEFAULT_EXPIRY_WINDOWS[name]))
        parts.append('<rect class="band %s" x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" fill-opacity="0.12">'
                     '<title>%s</title></rect>' % (name, x_now, top - 10, max(0.0, x_end - x_now), axis_y - top + 10,
                                                   WINDOW_COLOURS[name], _e(name)))
    parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/>' % (left, axis_y, right, axis_y))
    tick = datetime.datetime(start.year, start.month, 1, tzinfo=start.tzinfo)
    months = max(1, int(round(span / 86400 / 30 / 12)))   # about a dozen labels at most
    while tick <= end:
        if tick >= start:
            x = x_of(tick)
            parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999"/>'
                         '<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="#444">%s</text>'
                         % (x, axis_y, x, axis_y + 4, x, axis_y + 16, tick.strftime('%b %Y')))
        month = tick.month - 1 + months
        tick = tick.replace(year=tick.year + month // 12, month=month % 12 + 1)
    parts.append('<line class="today" x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222" stroke-dasharray="4 3"/>'
                 '<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#222">today %s</text>'
                 % (x_now, top - 14, x_now, axis_y, x_now, top - 16, now.strftime('%Y-%m-%d')))
    if any(row.get('term_end') for row in dated):
        parts.append('<text class="legend" x="%d" y="%d" font-size="10" text-anchor="end" fill="#444">'
                     '\u25cf certificate expires \u00a0 <tspan fill="%s">\u25c6 paid term ends</tspan></text>'
                     % (right, top - 16, TERM_COLOUR))
    for row, lane in marks:
        y = top + lane * lane_height + 4
        x = x_of(parse_datetime(row['not_after'])) if row['not_after'] else None
        if row.get('term_end'):
            parts.append(_term_mark(row, x, x_of(parse_datetime(row['term_end'])), y,
                                    parse_datetime(row['term_end']) > end))
        if x is None:
            continue
        days = row['days_remaining']
        parts.append('<a href="#%s"><circle class="mark %s" data-row="%s" cx="%.1f" cy="%d" r="5" fill="%s" stroke="#fff">'
                     '<title>%s - %s (%s days) %s</title></circle></a>'
                     % (_e(row['row']), _e(row['window']), _e(row['row']), x, y,
                        WINDOW_COLOURS[row['window']], _e(display_name(row['common_name'])), _e(_date(row['not_after'])),
                        _e(NO_VALUE if days is None else days), _e(row['connection'])))
    parts.append('</svg>')
    return ''.join(parts)


def _timeline_dates(row):
    """The dates a row has on the timeline: its certificate's expiry and its paid term's end."""
    return [parse_datetime(value) for value in (row['not_after'], row.get('term_end')) if value]


def _term_mark(row, x_expiry, x_term, y, beyond):
    """A diamond at the end of a row's paid term (an arrow at the right edge when it lies beyond the axis), joined
    by a line to the certificate's mark at ``x_expiry`` (None: no certificate expiry)."""
    parts = []
    if x_expiry is not None and abs(x_term - x_expiry) > 6:
        parts.append('<line class="term-span" data-row="%s" x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" '
                     'stroke-width="1.5" stroke-dasharray="2 2"/>' % (_e(row['row']), x_expiry, y, x_term, y, TERM_COLOUR))
    if beyond:
        shape = 'M%.1f %dL%.1f %dL%.1f %dZ' % (x_term - 7, y - 5, x_term, y, x_term - 7, y + 5)
    else:
        shape = 'M%.1f %dL%.1f %dL%.1f %dL%.1f %dZ' % (x_term, y - 6, x_term + 5, y, x_term, y + 6, x_term - 5, y)
    days = row.get('term_days_remaining')
    parts.append('<a href="#%s"><path class="term-mark%s" data-row="%s" d="%s" fill="%s" stroke="#fff">'
                 '<title>%s - term paid until %s (%s days) %s</title></path></a>'
                 % (_e(row['row']), ' beyond' if beyond else '', _e(row['row']), shape, TERM_COLOUR,
                    _e(display_name(row['common_name'])), _e(_date(row['term_end'])),
                    _e(NO_VALUE if days is None else days), _e(row['connection'])))
    return ''.join(parts)


_STYLE = '''
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em;color:#1d1d1d;background:#fafafa}
h1{font-size:1.4em;margin:0 0 .2em}
.meta{color:#555;font-size:.9em;margin-bottom:1em}
.cards{display:flex;gap:.6em;flex-wrap:wrap;margin:.8em 0}
.card{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;padding:.4em .8em;min-width:7em}
.card b{display:block;font-size:1.4em}
.card.expired{border-left-color:#b3261e}.card.expiring_7d{border-left-color:#e8710a}
.card.expiring_30d{border-left-color:#c79100}.card.expiring_90d{border-left-color:#3f7dd1}
.card.later{border-left-color:#2e7d32}
.controls{margin:1em 0 .5em;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
.controls input[type=search]{padding:.3em;min-width:18em}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9em}
th,td{border-bottom:1px solid #e3e3e3;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
tr.cert:target{outline:2px solid #3f7dd1}
.names{color:#666;font-size:.85em}
.win,.status{padding:0 .4em;border-radius:3px;background:#eee;white-space:nowrap}
.win.expired,.status.expired{background:#f9dedc;color:#8c1d18}
.win.expiring_7d{background:#fde3cf}.win.expiring_30d{background:#fbf0c4}.win.expiring_90d{background:#dce7f7}
.win.later{background:#ddefdd}
.term{white-space:nowrap}.term-days{color:#666;font-size:.85em}
.term.term_ended{color:#8c1d18;font-weight:bold}.term.term_ending_30d,.term.term_ending_90d{color:#6a3d9a;font-weight:bold}
.dep{white-space:nowrap;margin-right:.4em}.dep.ok{color:#2e7d32}.dep.bad{color:#b3261e;font-weight:bold}
.dep.missing{color:#8a6d00}
svg{background:#fff;border:1px solid #ddd;border-radius:4px}
'''

_SCRIPT = '''
(function () {
  var table = document.getElementById('certificates');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById('filter');
  var windowSelect = document.getElementById('window');
  function apply() {
    var text = search.value.trim().toLowerCase();
    var wanted = windowSelect.value;
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!text || row.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!wanted || (' ' + row.getAttribute('data-groups') + ' ').indexOf(' ' + wanted + ' ') >= 0);
      row.hidden = !visible;
      Array.prototype.forEach.call(document.querySelectorAll('#timeline [data-row="' + row.id + '"]'), function (mark) {
        mark.setAttribute('opacity', visible ? '1' : '0.15');
      });
      if (visible) { shown += 1; }
    });
    document.getElementById('shown').textContent = String(shown);
  }
  function sortBy(index, header) {
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var values = rows.map(function (row) { return row.cells[index].getAttribute('data-sort'); });
    var numeric = values.every(function (v) { return v === '' || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute('data-sort'), y = b.cells[index].getAttribute('data-sort');
      var result;
      if (numeric) {
        if (x === '' || y === '') { result = (x === '') - (y === ''); return result; }
        result = Number(x) - Number(y);
      } else {
        result = x.localeCompare(y);
      }
      return ascending ? result : -result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
    header.addEventListener('click', function () { sortBy(index, header); });
  });
  search.addEventListener('input', apply);
  windowSelect.addEventListener('change', apply);
  var params = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var pair = part.split('=');
    if (pair[0]) { params[decodeURIComponent(pair[0])] = decodeURIComponent(pair[1] || ''); }
  });
  if (params.q) { search.value = params.q; }
  if (params.window) { windowSelect.value = params.window; }
  if (params.sort) {
    var header = document.querySelector('th[data-key="' + params.sort + '"]');
    if (header) { sortBy(header.cellIndex, header); }
  }
  apply();
  document.body.setAttribute('data-ready', 'true');
}());
'''

COLUMNS = (('name', 'Name'), ('connection', 'Connection'), ('provider', 'Provider'), ('id', 'ID'),
           ('product', 'Product'), ('status', 'Status'), ('expires', 'Expires'), ('days', 'Days left'),
           ('term', 'Term paid until'), ('window', 'Window'), ('deployed', 'Deployed on'), ('serial', 'Serial'),
           ('last_run', 'Last run'))


def render_html(report, now):
    rows = report['certificates']
    summary = report['summary']
    last = report.get('last_run')
    last_text = ('last run %s' % _e(last.get('generated') or 'at an unknown time')) if last else 'no last run summary found'
    cards = ''.join('<div class="card %s"><b>%d</b>%s</div>' % (_e(window), summary['windows'][window], _e(window))
                    for window in WINDOW_ORDER if window != 'none' or summary['windows'][window])
    options = ''.join('<option value="%s">%s</option>' % (_e(window), _e(window)) for window in WINDOW_ORDER)
    options += '<optgroup label="paid term">%s</optgroup>' % ''.join(
        '<option value="%s">%s (%d)</option>' % (_e(group), _e(group), summary.get('terms', {}).get(group, 0))
        for group in TERM_GROUPS)
    headers = ''.join('<th data-key="%s" scope="col">%s</th>' % (key, _e(label)) for key, label in COLUMNS)
    body = ''.join(_row_html(row) for row in rows)
    return ''.join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be loaded from elsewhere: the page works from disk and as an AWX artifact.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'script-src \'unsafe-inline\'; img-src data:">',
        '<title>Certificate expiry report %s</title><style>%s</style></head>' % (_e(report['generated'][:10]), _STYLE),
        '<body><h1>Certificate expiry report</h1>',
        '<div class="meta">Generated %s &middot; %d certificates (%d at the reseller, %d deployed) &middot; %s</div>'
        % (_e(report['generated']), summary['total'], summary['at_reseller'], summary['deployed'], last_text),
        '<div class="cards">%s</div>' % cards,
        timeline_svg(rows, now),
        '<div class="controls"><label>Filter <input type="search" id="filter" placeholder="name, host, status, ..."></label>',
        '<label>Window <select id="window"><option value="">all</option>%s</select></label>' % options,
        '<span><span id="shown">%d</span> of <span id="total">%d</span> certificates shown</span></div>' % (len(rows), len(rows)),
        '<table id="certificates"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (headers, body),
        '<script>%s</script></body></html>\n' % _SCRIPT,
    ])
