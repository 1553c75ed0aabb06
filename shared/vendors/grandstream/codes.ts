/**
 * Grandstream key modes, as the named-item (config version 2) files write them (`pks.vpk.N.keyMode`,
 * `pks.mpk.N.keyMode`, `pks.ext.N.keyMode`). Names from FusionPBX resources/templates/provision/
 * grandstream/grp2614/{$mac}.xml ("Key Mode for line VPK": None, SpeedDial, BLF, VoiceMail, Transfer,
 * CallPark, Intercom, Conference, MulticastPaging, Record, Forward, DND, Line) and wazo-provd's
 * plugins/wazo_grandstream/common/common.py FUNCKEY_TYPES (SpeedDial, BLF, CallPark, Line, None).
 */
import type { ButtonType } from '../../domain/button';

export const GRANDSTREAM_BUTTON_CODES: Readonly<Partial<Record<ButtonType, string>>> = {
  line: 'Line',
  blf: 'BLF',
  speed_dial: 'SpeedDial',
  transfer: 'Transfer',
  voicemail: 'VoiceMail',
  park: 'CallPark',
  dnd: 'DND',
  forward: 'Forward',
  conference: 'Conference',
  intercom: 'Intercom',
  paging: 'MulticastPaging',
  record: 'Record',
  none: 'None',
};

/** Modes a physical MPK or a module key cannot take (the grp2614 template lists Line only for VPKs). */
export const VPK_ONLY_MODES: ReadonlySet<ButtonType> = new Set(['line']);
