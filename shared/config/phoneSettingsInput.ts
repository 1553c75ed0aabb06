/** The site's phone settings as a renderer needs them: parsed, resolved for one phone, pure data. */
import type { DateFormat, PhoneFields, PhoneLanguage, TimeFormat } from '../domain/phoneSettings';
import { parseDialPlan, type DialRule } from './dialPlan';

export interface PhoneSettingsInput {
  /** The digit map's rules, parsed; empty for no dial plan. */
  dialPlan: DialRule[];
  emergencyNumbers: string[];
  /** IANA name, '' for none. */
  timeZone: string;
  /** The NTP server in force: the site's, or the PBX's address when the site names none. */
  ntpServer: string;
  dateFormat: DateFormat | '';
  timeFormat: TimeFormat | '';
  language: PhoneLanguage | '';
  /** Web UI user password, '' for none. */
  userPassword: string;
}

/** Fields in force for a phone (shared/domain/phoneSettings.ts phoneFieldsFor), made renderable. */
export function phoneSettingsInput(fields: PhoneFields, pbxHost: string): PhoneSettingsInput {
  return {
    dialPlan: parseDialPlan(fields.dialPlan),
    emergencyNumbers: [...fields.emergencyNumbers],
    timeZone: fields.timeZone,
    ntpServer: fields.ntpServer || pbxHost,
    dateFormat: fields.dateFormat,
    timeFormat: fields.timeFormat,
    language: fields.language,
    userPassword: fields.userPassword,
  };
}

/** True when the site sets nothing a file would carry. */
export function isEmptySettings(s: PhoneSettingsInput | undefined): boolean {
  return (
    !s ||
    (s.dialPlan.length === 0 &&
      s.emergencyNumbers.length === 0 &&
      !s.timeZone &&
      !s.ntpServer &&
      !s.dateFormat &&
      !s.timeFormat &&
      !s.language &&
      !s.userPassword)
  );
}
