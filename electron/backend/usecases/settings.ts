/**
 * Site settings. What goes out is the view (shared/domain/settings.ts): the AMI secret and the
 * digest passwords stay here; a patch that leaves them blank keeps them.
 */
import { settingsSchema, toSettingsView, type Settings, type SettingsPatch, type SettingsView } from '../../../shared/domain/settings';
import type { DigestCredential } from '../../../shared/security/settings';
import type { Context } from '../context';
import { AppError } from '../errors';

export function getSettings(ctx: Context): SettingsView {
  return toSettingsView(ctx.store.state.settings);
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The new digest rows, each with its typed password or, left blank, the one saved for its site. */
function keepDigestPasswords(
  saved: readonly DigestCredential[],
  rows: NonNullable<NonNullable<SettingsPatch['security']>['digestCredentials']>,
): DigestCredential[] {
  const sites = new Set<string>();
  return rows.map((row, i) => {
    const site = row.site;
    if (sites.has(site))
      throw new AppError(
        'validation_failed',
        `Two credential rows are for site "${site || '(any)'}"`,
        'Keep one row per site; the row with an empty site covers every other phone.',
        [{ path: `security.digestCredentials.${i}.site`, message: 'already has a row' }],
      );
    sites.add(site);
    if (row.password) return { site, username: row.username, password: row.password };
    const kept = saved.find((c) => c.site === site)?.password;
    if (!kept)
      throw new AppError(
        'validation_failed',
        `The credentials for site "${site || '(any)'}" have no password`,
        'Type a password for this row: none is saved for this site to keep.',
        [{ path: `security.digestCredentials.${i}.password`, message: 'required for a new row' }],
      );
    return { site, username: row.username, password: kept };
  });
}

export async function updateSettings(ctx: Context, patch: SettingsPatch): Promise<SettingsView> {
  const current = ctx.store.state.settings;
  const { amiSecret, amiSecretSet: _readOnly, ...pbxPatch } = patch.pbx ?? {};
  const { digestCredentials, ...securityPatch } = patch.security ?? {};
  const settings: Settings = settingsSchema.parse({
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'pbx' && k !== 'security')),
    pbx: {
      ...current.pbx,
      ...defined(pbxPatch),
      // '' is what the view shows for a saved secret: sending it back keeps the secret.
      ...(amiSecret === null ? { amiSecret: '' } : amiSecret ? { amiSecret } : {}),
    },
    security: {
      ...current.security,
      ...defined(securityPatch),
      ...(digestCredentials ? { digestCredentials: keepDigestPasswords(current.security.digestCredentials, digestCredentials) } : {}),
    },
  });
  ctx.renderEpoch++;
  await ctx.store.commit([{ op: 'setSettings', settings }]);
  ctx.bus.publish({ type: 'settings-changed' });
  return toSettingsView(settings);
}
