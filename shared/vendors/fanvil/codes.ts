/**
 * Fanvil DSS key types (`<Fkey><Type>`): 0 none; 1 memory key whose value ends in a function suffix
 * (`/f` speed dial, `/ba` BLF, `/c` call park, `/i` intercom); 2 line (`SIP<n>`); 3 key event whose
 * value is the event (`F_TRANSFER`, `F_MWI` for voicemail, `F_DND`, `F_CALLFORWARD`, `F_RECORD`).
 * Types 0-2 and /f /ba /c: wazo-provd plugins/wazo_fanvil/common/common.py (_format_fkey); /i:
 * FusionPBX app/devices/app_config.php (fanvil functions); type 3 and the F_ events: FusionPBX
 * resources/templates/provision/fanvil/w611w/{$mac}.xml (key_types "event" => 3, event_types).
 * A code is `type/suffix` for memory keys and `3:EVENT` for key events.
 */
import type { ButtonType } from '../../domain/button';

export const FANVIL_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: '2',
  speed_dial: '1/f',
  blf: '1/ba',
  park: '1/c',
  intercom: '1/i',
  transfer: '3:F_TRANSFER',
  voicemail: '3:F_MWI',
  dnd: '3:F_DND',
  forward: '3:F_CALLFORWARD',
  record: '3:F_RECORD',
  none: '0',
};
