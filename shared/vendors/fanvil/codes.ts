/**
 * Fanvil DSS key types (`<Fkey><Type>`): 0 none, 1 memory key whose value ends in a function
 * suffix (`/f` speed dial, `/ba` BLF, `/c` call park), 2 line (`SIP<n>`). As in wazo-provd's
 * Fanvil plugin; other functions are reported until checked against a Fanvil template.
 */
import type { ButtonType } from '../../domain/button';

export const FANVIL_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: '2',
  speed_dial: '1/f',
  blf: '1/ba',
  park: '1/c',
  none: '0',
};
