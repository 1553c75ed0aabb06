/** The site report the technician hands over: every phone, as CSV and as a printable page. */
import { SiteFilter } from '../components/Selects';
import { useMemo, useState } from 'react';
import { phoneSettingsReport, reportCsv, siteReport, summarize, testedSentence } from '../../shared/report/siteReport';
import { downloadText, stamp } from '../lib/download';
import { distinct } from '../lib/phoneFilter';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';

export default function ReportScreen() {
  const phones = usePhones((s) => s.list);
  const accounts = useData((s) => s.accounts);
  const [site, setSite] = useState('');
  const sites = useMemo(() => distinct(phones, (p) => p.site), [phones]);
  const rows = useMemo(() => siteReport(site ? phones.filter((p) => p.site === site) : phones, accounts), [phones, accounts, site]);
  const sum = summarize(rows);
  const phoneSettings = useData((s) => s.settings?.phones);
  const title = `Site report${site ? ` — ${site}` : ''}`;
  return (
    <section className="screen report" aria-labelledby="rep-h">
      <header className="screen-head">
        <h1 id="rep-h">{title}</h1>
        <SiteFilter sites={sites} value={site} onChange={setSite} className="no-print" />
        <button
          type="button"
          onClick={() => downloadText(`site-report-${site ? site.replace(/[^\w-]+/g, '_') + '-' : ''}${stamp()}.csv`, reportCsv(rows))}
          data-testid="report-csv"
        >
          Download CSV
        </button>
        <button type="button" className="btn-primary" onClick={() => window.print()}>
          Print…
        </button>
      </header>
      <p data-testid="report-summary">
        <strong>{sum.total}</strong> phone(s): <strong>{sum.registered}</strong> registered, <strong>{sum.failed}</strong> with a problem,{' '}
        <strong>{sum.waiting}</strong> not finished. <strong data-testid="report-tested">{testedSentence(sum)}</strong>
        {sum.wrongDesk > 0 ? ` (${sum.wrongDesk} at the wrong desk)` : ''}.
        <span className="muted"> Made {new Date().toLocaleString()}.</span>
      </p>
      {phoneSettings && (
        <ul className="plain" data-testid="report-phone-settings">
          {phoneSettingsReport(phoneSettings).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {rows.length > 2000 && <p className="muted no-print">{rows.length} rows: the page may take a moment to print.</p>}
      <table className="plain" data-testid="report-table">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">MAC</th>
            <th scope="col">Model</th>
            <th scope="col">IP</th>
            <th scope="col">Site</th>
            <th scope="col">Extension(s)</th>
            <th scope="col">Buttons</th>
            <th scope="col">Status</th>
            <th scope="col">Tested</th>
            <th scope="col">Firmware</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={9} className="muted" data-testid="report-empty">
                {site
                  ? `No phone at ${site}.`
                  : 'No phones yet, so nothing to report. Add phones on the Discover or Phones screen, or import a CSV on the Accounts screen.'}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.mac} className={r.problem ? 'row-bad' : undefined}>
              <td className="mono">{r.mac}</td>
              <td>
                {r.vendor} {r.model}
              </td>
              <td className="mono">{r.ip}</td>
              <td>{r.site}</td>
              <td>{r.extensions || (r.userType === 'Hot-desk' ? 'hot-desk' : '—')}</td>
              <td>{r.buttons}</td>
              <td>
                <strong>
                  {r.registered ? '✓ ' : r.problem ? '✕ ' : ''}
                  {r.status}
                </strong>
                {r.problem && <div className="reason">{r.problem}</div>}
              </td>
              <td data-testid="report-tested-cell">{r.tested || '—'}</td>
              <td className="mono">{r.firmware || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
