/** Small labelled selects more than one screen uses. */
import { TRANSPORTS, type Transport } from '../../shared/domain/account';

export function TransportSelect({ value, onChange }: { value: Transport; onChange: (transport: Transport) => void }) {
  return (
    <label className="field">
      <span>Transport</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Transport)}>
        {TRANSPORTS.map((t) => (
          <option key={t} value={t}>
            {t.toUpperCase()}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "Site: All sites / …", for screens that show one site or all of them. */
export function SiteFilter({
  sites,
  value,
  onChange,
  className = '',
}: {
  sites: readonly string[];
  value: string;
  onChange: (site: string) => void;
  className?: string;
}) {
  return (
    <label className={`field inline ${className}`.trim()}>
      <span>Site</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All sites</option>
        {sites.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </label>
  );
}
