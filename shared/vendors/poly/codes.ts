/**
 * Poly (UC Software) key functions, as flexible line-key categories: `lineKey.K.category` is
 * Line, BLF or SpeedDial; a park orbit is a BLF whose `attendant.resourceList.N.type` is
 * `automata` (FORMATS.md section 3), a speed dial an entry of the phone's directory file.
 */
import type { ButtonType } from '../../domain/button';

export const POLY_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: 'Line',
  blf: 'BLF',
  park: 'BLF',
  speed_dial: 'SpeedDial',
  none: 'Unassigned',
};

/** Functions Poly phones have as fixed hard keys or call soft keys rather than line keys. */
export const POLY_FIXED_KEYS: Partial<Record<ButtonType, string>> = {
  transfer: 'Poly phones have Transfer as a soft key during calls; no line key is needed, so this key stays empty.',
  conference: 'Poly phones have Conference as a soft key during calls; this key stays empty.',
  voicemail: 'Poly phones reach voicemail with the Messages key; this key stays empty.',
  dnd: 'Poly phones have Do not disturb on the home screen and in the menu; this key stays empty.',
  forward: 'Poly phones have Forward on the home screen; this key stays empty.',
};
