/**
 * Digest credentials per site: one row per site (an empty site covers every other phone). Saved
 * passwords never reach the page; a row says "set" or "not set", and a blank field keeps it.
 */
import type { ReactNode } from 'react';
import { newRowKey, type CredentialRow, type FieldErrors } from './protectionsDraft';

interface Props {
  rows: CredentialRow[];
  errors: FieldErrors;
  onChange(rows: CredentialRow[]): void;
}

export function DigestCredentialsTable({ rows, errors, onChange }: Props) {
  const update = (i: number, patch: Partial<CredentialRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const cell = (i: number, part: 'site' | 'username' | 'password', input: ReactNode) => {
    const error = errors[`credentials.${i}.${part}`];
    return (
      <td>
        {input}
        {error && <div className="field-error">{error}</div>}
      </td>
    );
  };
  return (
    <div className="stack" data-testid="digest-credentials">
      {/* Named by aria-label, not a visually hidden caption: an absolutely placed caption escaped
          the screen and made the whole window scroll (issue 16). */}
      <table className="plain" aria-label="Digest credentials per site">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">User name</th>
            <th scope="col">Password</th>
            <th scope="col">Saved</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const n = i + 1;
            const invalid = (part: string) => (errors[`credentials.${i}.${part}`] ? true : undefined);
            return (
              <tr key={r.key} data-testid={`cred-row-${i}`}>
                {cell(
                  i,
                  'site',
                  <input
                    aria-label={`Row ${n} site`}
                    value={r.site}
                    placeholder="(any site)"
                    aria-invalid={invalid('site')}
                    onChange={(e) => update(i, { site: e.target.value })}
                  />,
                )}
                {cell(
                  i,
                  'username',
                  <input
                    aria-label={`Row ${n} user name`}
                    value={r.username}
                    autoComplete="off"
                    aria-invalid={invalid('username')}
                    onChange={(e) => update(i, { username: e.target.value })}
                  />,
                )}
                {cell(
                  i,
                  'password',
                  <input
                    type="password"
                    aria-label={`Row ${n} password`}
                    value={r.password}
                    autoComplete="new-password"
                    placeholder={r.passwordSet ? 'set — blank keeps it' : 'at least 8 characters'}
                    aria-invalid={invalid('password')}
                    onChange={(e) => update(i, { password: e.target.value })}
                  />,
                )}
                <td data-testid={`cred-${i}-status`}>{r.passwordSet ? (r.password ? 'set (will be replaced)' : 'set') : 'not set'}</td>
                <td>
                  <button
                    type="button"
                    className="btn-danger"
                    aria-label={`Remove row ${n}${r.site ? ` (site ${r.site})` : ''}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No credentials yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div>
        <button
          type="button"
          onClick={() => onChange([...rows, { key: newRowKey(), site: '', username: '', password: '', passwordSet: false }])}
          data-testid="cred-add"
        >
          Add a site’s credentials
        </button>
      </div>
    </div>
  );
}
