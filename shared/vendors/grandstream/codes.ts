/**
 * Grandstream multi-purpose key modes (FORMATS.md section 4: SpeedDial, BLF, CallPark, Line).
 * Only the modes confirmed there and in wazo-provd's Grandstream plugin are mapped; the others
 * are reported to the technician until checked against a Grandstream template.
 */
import type { ButtonType } from '../../domain/button';

export const GRANDSTREAM_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: 'Line',
  blf: 'BLF',
  speed_dial: 'SpeedDial',
  park: 'CallPark',
  none: 'None',
};
