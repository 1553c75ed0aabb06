/**
 * Snom function key types (Snom wiki "Function Key Types": line, speed, blf, icom, orbit,
 * keyevent …). Key events use Snom's F_ names; a `<fkey>`'s text is `<type> <value>`.
 */
import type { ButtonType } from '../../domain/button';

export const SNOM_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: 'line',
  blf: 'blf',
  speed_dial: 'speed',
  intercom: 'icom',
  park: 'orbit',
  transfer: 'keyevent F_TRANSFER',
  voicemail: 'keyevent F_RETRIEVE',
  dnd: 'keyevent F_DND',
  forward: 'keyevent F_REDIRECT',
  conference: 'keyevent F_CONFERENCE',
  record: 'keyevent F_REC',
  none: 'none',
};
