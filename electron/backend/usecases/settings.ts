/** Site settings. */
import { settingsSchema, type Settings, type SettingsPatch } from '../../../shared/domain/settings';
import type { Context } from '../context';

export function getSettings(ctx: Context): Settings {
  return ctx.store.state.settings;
}

export async function updateSettings(ctx: Context, patch: SettingsPatch): Promise<Settings> {
  const current = ctx.store.state.settings;
  const settings = settingsSchema.parse({
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'pbx' && k !== 'security')),
    pbx: { ...current.pbx, ...Object.fromEntries(Object.entries(patch.pbx ?? {}).filter(([, v]) => v !== undefined)) },
    security: { ...current.security, ...Object.fromEntries(Object.entries(patch.security ?? {}).filter(([, v]) => v !== undefined)) },
  });
  ctx.renderEpoch++;
  await ctx.store.commit([{ op: 'setSettings', settings }]);
  ctx.bus.publish({ type: 'settings-changed' });
  return settings;
}
