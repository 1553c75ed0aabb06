/**
 * Each protection's explanation and default, from shared/security/settings.ts, so the words on the
 * screen are the ones the backend documents.
 */
import { settingsSchema } from '../../../shared/domain/settings';
import { SECURITY_SETTING_HELP, type SecuritySettings } from '../../../shared/security/settings';

const DEFAULTS = settingsSchema.parse({});

export type HelpKey = keyof SecuritySettings | 'requireSerial';

const REQUIRE_SERIAL_HELP = {
  label: 'Check serial numbers',
  help:
    'The RPS hands out a phone\u2019s provisioning URL only when the serial number it sends matches the one on record (from the CSV, ' +
    'the phone panel or discovery). Phones with no serial on record, and requests that send none, are not checked.',
};

export function helpOf(key: HelpKey): { label: string; help: string } {
  return key === 'requireSerial' ? REQUIRE_SERIAL_HELP : SECURITY_SETTING_HELP[key];
}

/** The default as words: on/off, a number, or what an empty list means. */
export function defaultWords(key: HelpKey): string {
  const value = key === 'requireSerial' ? DEFAULTS.requireSerial : DEFAULTS.security[key];
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return key === 'serialDigits' && value === 0 ? '0 (the whole serial)' : String(value);
  if (Array.isArray(value) && value.length === 0) return key === 'allowedSubnets' ? 'none (everyone on the LAN)' : 'none';
  return JSON.stringify(value);
}

/** The explanation under a control, with its default; `id` is what the control's aria-describedby names. */
export function SettingHelp({ id, name }: { id: string; name: HelpKey }) {
  return (
    <small id={id} className="setting-help" data-testid={`help-${name}`}>
      {helpOf(name).help.replace(/\s*(On|Off) by default\.$/, '')} <span className="setting-default">Default: {defaultWords(name)}.</span>
    </small>
  );
}
